"""The line's own vocabulary: the words its calls are recognized with (docs/line-vocabulary.md).

`sources` is the registry of where suggestions come from, `words` ranks candidate words by how
often and how distinctively the line's transcripts have them, `decoder` turns a line's list into
the engine's options, `services` edits the list and `views` is the admins' page.
"""

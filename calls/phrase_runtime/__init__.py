"""The phrase engine's Django runtime, shared by every phrase user (tags, objections, skills).

`calls/phrases/` is the pure engine; this package connects it to stored phrases and calls:

* `phrase_sets.py` — a kind of stored phrase compiled once per process into one matcher, rebuilt
  when its staleness stamp changes, and the widest matches per owner (tag, objection, skill);
* `transcripts.py` — the segments of many calls in two queries, as the engine's SegmentTexts;
* `highlight.py` — matched spans as marked text parts for pages;
* `tryout.py` — how many recent calls a phrase would match, with highlighted samples.

And the authoring tools every phrase editor shares (the tags', the library's, the admin's):

* `validation.py` — a phrase's settings checked by the engine (`phrase_validate`);
* `forms.py` — the phrase form of the editors and the admin's phrase form;
* `phrase_files.py` — phrases in import files: one reader and one checker.
"""

"""The trainers' pages: the library editor, exemplar dialogs and the read-only library."""

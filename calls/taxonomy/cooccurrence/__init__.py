"""Co-occurrence: which tags come together in the same calls more often than chance
(docs/cooccurrence.md)."""

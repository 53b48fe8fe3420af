"""The monthly taxonomy review: what to retire, add, clarify, merge and which phrases to add,
decided by an admin and applied with a re-analysis of the archive (docs/taxonomy-review.md)."""

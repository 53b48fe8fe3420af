"""Agreement: whether a tag means the same to everyone who applies it, and how the automatic
tag sources compare with the annotators' reference (docs/agreement.md)."""

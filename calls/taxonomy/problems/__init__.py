"""Top problems: the most frequent problem tags of a period, their shares and trends
(docs/top-problems.md)."""

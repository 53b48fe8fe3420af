"""The manager's home page and its API (issue 19 §5)."""

"""The monthly library review: suggestions mined from a month's calls (issue 8 §5)."""

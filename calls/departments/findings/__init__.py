"""Findings: a problem handed to the department that owns it, followed to the end (issue 19 §3)."""

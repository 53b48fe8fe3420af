"""Repeat contacts, first-contact resolution and the moment of resolution (issue 19 §1)."""

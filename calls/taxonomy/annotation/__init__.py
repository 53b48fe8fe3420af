"""Annotation campaigns: a sample of calls tagged by people, blind to each other, as a reference."""

"""The voice of a call (issue 18): acoustic measures and silences (§1), words and cues (§2)."""

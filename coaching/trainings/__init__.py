"""Training sessions: planned from a team gap or by hand, held, and feeding the cycles."""

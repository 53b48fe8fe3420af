"""Training sessions and the coaching cycle: listen → report → train → control → result."""

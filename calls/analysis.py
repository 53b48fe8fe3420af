"""What is derived from a call's transcript; each analyser replaces its own previous output."""

from calls.models import Call


def analyse_segments(*, call: Call) -> None:
    """Run every analyser over the call's segments. Tagging plugs in here (issue 3)."""

"""What is derived from a call's transcript; each analyser replaces its own previous output."""

from calls.models import Call
from calls.taxonomy.tagging import calls_autotag


def analyse_segments(*, call: Call) -> None:
    """Run every analyser over the call's segments (the pipeline holds the transaction)."""
    # Tags: the auto tags are replaced with what the current phrases find; manual tags stay.
    calls_autotag(call_ids=[call.pk])

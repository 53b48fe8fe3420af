"""What the call page shows of corrections: who corrected each segment, its history, the
recognizer's text, and the corrections a new transcription could not carry over."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from calls.models import Call, Segment, SegmentCorrection
from project.people import person_name
from project.roles import AnyUser

# The call page's own statuses in which the segments are about to be replaced.
_BEING_TRANSCRIBED = {Call.Status.RECEIVED, Call.Status.QUEUED, Call.Status.TRANSCRIBING}


def corrections_context(
    call: Call, *, segments: Iterable[Segment], user: AnyUser
) -> dict[str, Any]:
    """Context for the transcript's correction forms ("calls/_segment_correction.html").

    Each of `segments` gets `corrected_by_name` and `correction_history` (its log, oldest
    first). Two queries, whatever the number of segments.
    """
    segments = list(segments)
    history: dict[int, list[SegmentCorrection]] = {}
    changes = (SegmentCorrection.objects.filter(segment__in=[s.pk for s in segments])
               .select_related("user").order_by("at", "id"))
    for change in changes:
        if change.segment_id is not None:
            history.setdefault(change.segment_id, []).append(change)
    for segment in segments:
        segment.corrected_by_name = person_name(segment.corrected_by)  # type: ignore[attr-defined]
        segment.correction_history = [  # type: ignore[attr-defined]
            {"action": change.get_action_display(), "who": person_name(change.user),
             "at": change.at, "before": change.text_before, "after": change.text_after}
            for change in history.get(segment.pk, [])
        ]
    may_correct = user.has_perm("calls.change_segment") and call.status not in _BEING_TRANSCRIBED
    return {
        "may_correct_segments": may_correct,
        "lost_corrections": list(
            call.segment_corrections.not_carried_over().order_by("at", "start", "id")
        ),
    }

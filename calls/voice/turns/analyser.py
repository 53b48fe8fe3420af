"""The `turns` analyser: reads the emotion step's customer irritation and stores the turning
points of each hot call (detect.py); a call that is not hot gets none. Replaces on re-analysis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from calls.models import CallEmotion, Segment, SegmentEmotion, TurningPoint
from calls.voice.turns.detect import Line, turning_points

# The analyser's name in the analysis registry (calls/analysis.py).
TURNS_ANALYSER = "turns"


def calls_find_turns(*, call_ids: Sequence[int], now: datetime | None = None) -> int:
    """Replace these calls' turning points; returns how many were stored. `now` is the analysis
    registry's argument: a turning point has no time of its own beyond its call's analysis."""
    hot = set(
        CallEmotion.objects.filter(call_id__in=call_ids, hot=True).values_list("call_id", flat=True)
    )
    irritation = dict(
        SegmentEmotion.objects.filter(call_id__in=hot).values_list("segment_id", "irritation")
    )
    lines: dict[int, list[Line]] = {call_id: [] for call_id in hot}
    segments = Segment.objects.filter(call_id__in=hot).order_by("call_id", "index")
    for segment_id, call_id, speaker, start in segments.values_list(
        "pk", "call_id", "speaker", "start"
    ):
        lines[call_id].append(
            Line(
                segment_id=segment_id,
                speaker=speaker,
                start=start,
                irritation=irritation.get(segment_id) if speaker == "customer" else None,
            )
        )
    points = [
        TurningPoint(
            call_id=call_id,
            kind=turn.kind,
            operator_segment_id=turn.operator.segment_id,
            customer_before_id=turn.before.segment_id,
            customer_after_id=turn.after.segment_id,
            at=turn.operator.start,
            change=round(turn.change, 3),
        )
        for call_id, call_lines in lines.items()
        for turn in turning_points(call_lines)
    ]
    with transaction.atomic():
        TurningPoint.objects.filter(call_id__in=call_ids).delete()
        TurningPoint.objects.bulk_create(points, batch_size=500)
    return len(points)

"""The `resolution` analyser: the moment each call's customer accepted the answer
(calls/contacts/resolution.py), stored as one CallResolution per call — «без решения» too, so
that a call analysed and not resolved is told apart from a call not analysed yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from calls.contacts.resolution import find_resolution
from calls.models import CallResolution
from calls.phrase_runtime.transcripts import load_transcripts

# The analyser's name in the analysis registry (calls/analysis.py).
RESOLUTION_ANALYSER = "resolution"


@dataclass(frozen=True)
class ResolutionReport:
    calls: int
    resolved: int


def calls_find_resolution(*, call_ids: Sequence[int], now: datetime | None = None
                          ) -> ResolutionReport:
    """Replace these calls' moments of resolution with what the transcript says now."""
    now = now or timezone.now()
    rows: list[CallResolution] = []
    for transcript in load_transcripts(call_ids):
        if not transcript.segments:
            continue  # nothing said (yet): no verdict rather than «без решения»
        found = find_resolution(transcript.segments)
        ids = transcript.segment_ids
        rows.append(CallResolution(
            call_id=transcript.call_id, analysed_at=now, resolved=found.resolved,
            resolved_at=found.resolved_at,
            answer_segment_id=ids[found.answer_index] if found.answer_index is not None else None,
            acceptance_segment_id=(
                ids[found.acceptance_index] if found.acceptance_index is not None else None
            ),
            acceptance_text=found.acceptance_text, reasons=found.reasons,
        ))
    with transaction.atomic():
        CallResolution.objects.filter(call_id__in=call_ids).delete()
        CallResolution.objects.bulk_create(rows, batch_size=500)
    return ResolutionReport(calls=len(rows), resolved=sum(row.resolved for row in rows))

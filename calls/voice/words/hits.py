"""The `voice_words` analyser: the cues each call fired, stored as CueHit rows (evidence, like
TagEvidence), so every count the emotion step shows can open the moments behind it.

Stored: every cue match (any speaker the cue allows; cues default to the customer). Not stored:
the per-segment scores — they are cheap to recompute from the hits and the transcript, and the
emotion step (issue 18 §3) decides what it keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from calls.models import CueHit
from calls.phrase_runtime.transcripts import load_transcripts
from calls.voice.words.cue_sets import CUE_PHRASES, cue_table
from calls.voice.words.scoring import fired_cues

# The analyser's name in the analysis registry (calls/analysis.py).
VOICE_WORDS_ANALYSER = "voice_words"


@dataclass(frozen=True)
class VoiceWordsReport:
    calls: int
    hits: int


def calls_voice_words(*, call_ids: Sequence[int], now: datetime | None = None
                      ) -> VoiceWordsReport:
    """Replace these calls' cue hits with what the cue lists find now (one transaction)."""
    compiled = CUE_PHRASES.compiled()
    table = cue_table()
    rows: list[CueHit] = []
    transcripts = load_transcripts(call_ids)
    for transcript in transcripts:
        for index, cue in fired_cues(compiled.find(transcript), table):
            rows.append(CueHit(
                call_id=transcript.call_id, segment_id=transcript.segment_ids[index],
                cue_id=cue.cue_id, kind=cue.kind, negated=cue.negated, weight=cue.weight,
                char_start=cue.char_start, char_end=cue.char_end, start=cue.start, end=cue.end,
                text=cue.text,
            ))
    with transaction.atomic():
        CueHit.objects.filter(call_id__in=call_ids).delete()
        CueHit.objects.bulk_create(rows, batch_size=500)
    return VoiceWordsReport(calls=len(transcripts), hits=len(rows))

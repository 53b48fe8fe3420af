"""The `emotion` analyser: reads the customer's word cues (voice_words) and the voice's z-scores
(voice), judges each customer segment and the call (rule.py), and stores SegmentEmotion rows and
the CallEmotion. A call whose voice was not heard is judged by its words and says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from calls.models import CallEmotion, CallVoice, SegmentEmotion, SegmentVoice
from calls.phrase_runtime.transcripts import load_transcripts
from calls.voice.emotion.rule import CallVerdict, CustomerSegment, judge_call
from calls.voice.words.cue_sets import CUE_PHRASES, cue_table
from calls.voice.words.scoring import transcript_word_scores

# The analyser's name in the analysis registry (calls/analysis.py).
EMOTION_ANALYSER = "emotion"


@dataclass(frozen=True)
class EmotionReport:
    calls: int
    hot: int
    hidden: int


def calls_judge_emotion(*, call_ids: Sequence[int], now: datetime | None = None) -> EmotionReport:
    """Replace these calls' emotions with what their words and voices say now."""
    now = now or timezone.now()
    compiled = CUE_PHRASES.compiled()
    table = cue_table()
    heard = dict(CallVoice.objects.filter(call_id__in=call_ids).values_list("call_id", "heard"))
    relative = dict(
        SegmentVoice.objects.filter(call_id__in=call_ids).values_list("segment_id", "relative")
    )
    verdicts: dict[int, tuple[CallVerdict, list[int]]] = {}
    for transcript in load_transcripts(call_ids):
        voice_heard = heard.get(transcript.call_id, False)
        scores, _fired = transcript_word_scores(transcript, compiled=compiled, table=table)
        segments = []
        for score in scores:
            segment_id = transcript.segment_ids[score.segment_index]
            segment = transcript.segments[score.segment_index]
            segments.append(
                CustomerSegment(
                    segment_id=segment_id,
                    start=segment.start,
                    text=segment.text,
                    words=score,
                    relative=relative.get(segment_id) if voice_heard else None,
                )
            )
        verdicts[transcript.call_id] = (
            judge_call(segments, voice_heard=voice_heard),
            transcript.segment_ids,
        )
    with transaction.atomic():
        SegmentEmotion.objects.filter(call_id__in=call_ids).delete()
        CallEmotion.objects.filter(call_id__in=call_ids).delete()
        SegmentEmotion.objects.bulk_create(
            [
                SegmentEmotion(
                    segment_id=segment.segment_id,
                    call_id=call_id,
                    emotion=segment.emotion,
                    score=segment.score,
                    irritation=segment.irritation,
                    arousal=segment.arousal,
                    reasons=segment.reasons,
                )
                for call_id, (verdict, _ids) in verdicts.items()
                for segment in verdict.segments
            ],
            batch_size=500,
        )
        CallEmotion.objects.bulk_create(
            [
                CallEmotion(
                    call_id=call_id,
                    analysed_at=now,
                    emotion=verdict.emotion,
                    score=verdict.score,
                    hot=verdict.hot,
                    hot_score=verdict.hot_score,
                    hot_at=verdict.hot_at,
                    hidden_irritation=verdict.hidden_irritation,
                    hidden_at=verdict.hidden_at,
                    voice_heard=verdict.voice_heard,
                    reasons=verdict.reasons,
                )
                for call_id, (verdict, _ids) in verdicts.items()
            ],
            batch_size=500,
        )
    values = [verdict for verdict, _ids in verdicts.values()]
    return EmotionReport(
        calls=len(values),
        hot=sum(v.hot for v in values),
        hidden=sum(v.hidden_irritation for v in values),
    )

"""The emotion rule: a transparent weighted sum of the customer's word cues (calls/voice/words/)
and the arousal of their voice (calls/voice/), per customer segment, then over the call.

Pure: it takes the word scores and the voice's z-scores and returns the verdicts with their
reasons; the analyser (analyser.py) loads and stores. The weights and thresholds are tuned on
the dev half of tests/benchmarks/data/emotion_calls.json (bench_emotion.py) and written down in
docs/voice-emotion.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from calls.models import CueKind, Emotion
from calls.voice.words.masking import mask_profanity
from calls.voice.words.scoring import WordScore

# --- Weights of the irritation score (per customer segment) -------------------------------------
ESCALATION_WEIGHT = 1.0  # × the summed weights of the escalation cues («сколько можно» = 2)
PROFANITY_WEIGHT = 2.0  # × each profane word
NEGATIVE_WEIGHT = 1.0  # × the summed weights of the negative lexicon, at most NEGATIVE_CAP:
NEGATIVE_CAP = 2.0  # sad words alone never make a call hot, they need a sharper sign beside them
# × each «!», at most MAX_EXCLAMATIONS, only beside other signs of irritation: «Спасибо!» is joy.
EXCLAMATION_WEIGHT = 0.5
ANGRY_QUESTION_WEIGHT = 1.0  # «?!»: a rhetorical, indignant question
MAX_EXCLAMATIONS = 3
CAPS_WEIGHT = 0.7  # × each shouted word, at most MAX_CAPS
MAX_CAPS = 2
REPEAT_WEIGHT = 1.0  # the customer repeats a question they asked already
AROUSAL_WEIGHT = 1.0  # × the voice's arousal (below)
# The voice raises the irritation of words that show some; on its own it counts only when this
# aroused. A louder «Да, да.» among calm sentences (arousal 1.08 on a real telephone recording,
# docs/voice.md) made a calm customer «irritated» by voice alone: a raised voice is also a bad
# line, a noisy street or a customer hard of hearing.
VOICE_ALONE = 2.0
POSITIVE_WEIGHT = 0.5  # the positive lexicon adds half its weight to satisfaction

# --- Thresholds ----------------------------------------------------------------------------------
SEGMENT_THRESHOLD = 1.0  # a segment's strongest score below this: neutral
HOT_THRESHOLD = 2.5  # a segment's irritation at or above this: the call is hot
EARLIER_IRRITATION = 1.5  # earlier words this irritated make a later «всё нормально» hidden
AROUSED = 1.0  # voice arousal at or above this under «всё нормально»: hidden irritation
SINCERE_THANKS = 2.0  # satisfaction this strong in the same segment: the «fine» is meant
CALL_CONFUSION = 1.5  # the call's summed confusion for «непонимание»
CALL_IRRITATION = 1.0  # the call's highest irritation for «раздражение»
# The call's summed satisfaction for «удовлетворённость»: a lone closing «спасибо» (1) is manners.
CALL_SATISFACTION = 1.5

# --- The voice -----------------------------------------------------------------------------------
# Arousal = the weighted positive z-scores against the speaker's own baseline in the call (the
# line's when the call has too few segments for one). A measure «stands out» at z ≥ STANDS_OUT.
AROUSAL_MEASURES = {"loudness_db": 0.5, "pitch_hz": 0.3, "rate": 0.2}
STANDS_OUT = 1.5
_MEASURE_NAMES = {"loudness_db": "громкость", "pitch_hz": "высота голоса", "rate": "темп"}
NOT_HEARD = "голос не слышен: только по словам"

# «Fine» that may not be meant: said after a complaint or in a raised voice.
FINE_RE = re.compile(
    r"\b(?:вс[её]\s+(?:нормально|норм|в\s+порядке|ок|окей|хорошо)|ничего\s+страшного|"
    r"да\s+нет,?\s+ничего|не\s+важно|неважно|проехали|забудьте|как\s+хотите|ну\s+ладно|"
    r"ладно,?\s+всё?\s+понятно|я\s+в\s+порядке)\b",
    re.IGNORECASE,
)
_KIND_NAMES: dict[str, str] = {
    CueKind.ESCALATION: "эскалация",
    CueKind.PROFANITY: "брань",
    CueKind.NEGATIVE: "негатив",
    CueKind.POSITIVE: "позитив",
    CueKind.CONFUSION: "непонимание",
    CueKind.SATISFACTION: "удовлетворённость",
}
_IRRITATION_KINDS = {CueKind.ESCALATION, CueKind.PROFANITY, CueKind.NEGATIVE}


@dataclass(frozen=True)
class CustomerSegment:
    """What the rule reads of one customer segment: its words' score and, when the voice was
    heard, SegmentVoice.relative ({measure: {"call": z, "line": z}})."""

    segment_id: int
    start: float
    text: str
    words: WordScore
    relative: dict[str, Any] | None = None


@dataclass
class SegmentVerdict:
    segment_id: int
    start: float
    emotion: str
    score: float
    irritation: float
    confusion: float
    satisfaction: float
    arousal: float | None
    says_fine: bool
    reasons: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CallVerdict:
    emotion: str
    score: float
    hot: bool
    hot_score: float
    hot_at: float | None
    hidden_irritation: bool
    hidden_at: float | None
    voice_heard: bool
    segments: list[SegmentVerdict]
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _reason(
    kind: str, text: str, start: float | None, segment_id: int | None, about: str = "emotion"
) -> dict[str, Any]:
    return {
        "kind": kind,
        "text": text,
        "start": None if start is None else round(start, 1),
        "segment": segment_id,
        "about": about,
    }


def arousal_of(relative: dict[str, Any] | None) -> tuple[float | None, list[tuple[str, float]]]:
    """The voice's arousal and the measures that stood out, or (None, []) when not heard."""
    if not relative:
        return None, []
    total, seen, standing = 0.0, False, []
    for measure, weight in AROUSAL_MEASURES.items():
        values = relative.get(measure) or {}
        z = values.get("call")
        if z is None:
            z = values.get("line")
        if z is None:
            continue
        seen = True
        total += weight * max(float(z), 0.0)
        if z >= STANDS_OUT:
            standing.append((measure, float(z)))
    return (round(total, 3) if seen else None), standing


def judge_segment(segment: CustomerSegment) -> SegmentVerdict:
    words = segment.words
    arousal, standing = arousal_of(segment.relative)
    angry_questions = segment.text.count("?!") + segment.text.count("!?")
    word_irritation = (
        ESCALATION_WEIGHT * words.escalation
        + PROFANITY_WEIGHT * words.profanity
        + NEGATIVE_WEIGHT * min(words.negative, NEGATIVE_CAP)
        + CAPS_WEIGHT * min(words.caps_words, MAX_CAPS)
        + REPEAT_WEIGHT * words.repeated_question
        + ANGRY_QUESTION_WEIGHT * angry_questions
    )
    exclaims = word_irritation > 0 and words.exclamations > 0
    irritation = (
        word_irritation
        + (EXCLAMATION_WEIGHT * min(words.exclamations, MAX_EXCLAMATIONS) if exclaims else 0.0)
        + (AROUSAL_WEIGHT * (arousal or 0.0)
           if word_irritation > 0 or (arousal or 0.0) >= VOICE_ALONE else 0.0)
    )
    confusion = words.confusion
    satisfaction = words.satisfaction + POSITIVE_WEIGHT * words.positive
    scores = {
        Emotion.IRRITATED: irritation,
        Emotion.CONFUSED: confusion,
        Emotion.SATISFIED: satisfaction,
    }
    top = max(scores, key=lambda key: scores[key])
    emotion, score = (
        (top, scores[top]) if scores[top] >= SEGMENT_THRESHOLD else (Emotion.NEUTRAL, scores[top])
    )
    reasons = []
    for cue in words.cues:
        name = _KIND_NAMES.get(cue.kind, cue.kind)
        if cue.negated:
            name += ", с отрицанием"
        reason = _reason(
            "cue", f"«{mask_profanity(cue.text)}» — {name}", cue.start, segment.segment_id
        )
        reason["irritation"] = cue.kind in _IRRITATION_KINDS or (
            cue.negated and cue.kind in (CueKind.POSITIVE, CueKind.SATISFACTION)
        )
        reasons.append(reason)
    if exclaims:
        reasons.append(
            _reason(
                "punctuation",
                f"восклицаний: {words.exclamations}",
                segment.start,
                segment.segment_id,
            )
        )
    if angry_questions:
        reasons.append(
            _reason(
                "punctuation",
                f"возмущённых вопросов «?!»: {angry_questions}",
                segment.start,
                segment.segment_id,
            )
        )
    if words.caps_words:
        reasons.append(
            _reason(
                "punctuation",
                f"слов капслоком: {words.caps_words}",
                segment.start,
                segment.segment_id,
            )
        )
    if words.repeated_question:
        reasons.append(
            _reason("repeat", "повторяет уже заданный вопрос", segment.start, segment.segment_id)
        )
    for measure, z in standing:
        reasons.append(
            _reason(
                "voice",
                f"{_MEASURE_NAMES[measure]} выше обычной для клиента (z = {z:.1f})",
                segment.start,
                segment.segment_id,
            )
        )
    return SegmentVerdict(
        segment_id=segment.segment_id,
        start=segment.start,
        emotion=str(emotion),
        score=round(score, 3),
        irritation=round(irritation, 3),
        confusion=round(confusion, 3),
        satisfaction=round(satisfaction, 3),
        arousal=arousal,
        says_fine=bool(FINE_RE.search(segment.text.replace("Ё", "Е"))),
        reasons=reasons,
    )


def _hidden(verdicts: Sequence[SegmentVerdict]) -> tuple[SegmentVerdict, str] | None:
    """The first «всё нормально» said in a raised voice or after irritated words, and why."""
    earlier = 0.0
    for verdict in verdicts:
        if verdict.says_fine:
            if verdict.arousal is not None and verdict.arousal >= AROUSED:
                return verdict, (
                    "«всё нормально» сказано возбуждённым голосом "
                    f"(возбуждение {verdict.arousal:.1f})"
                )
            if earlier >= EARLIER_IRRITATION and verdict.satisfaction < SINCERE_THANKS:
                return verdict, "«всё нормально» после раздражённых слов клиента раньше в звонке"
        earlier = max(earlier, verdict.irritation)
    return None


def judge_call(segments: Sequence[CustomerSegment], *, voice_heard: bool) -> CallVerdict:
    verdicts = [judge_segment(segment) for segment in segments]
    hottest = max(verdicts, key=lambda v: (v.irritation, -v.start), default=None)
    hot_score = hottest.irritation if hottest is not None else 0.0
    hot = hot_score >= HOT_THRESHOLD
    hidden = _hidden(verdicts)
    confusion = sum(v.confusion for v in verdicts)
    satisfaction = sum(v.satisfaction for v in verdicts)
    reasons: list[dict[str, Any]] = []
    if not voice_heard:
        reasons.append(_reason("not_heard", NOT_HEARD, None, None))
    # Irritation wins when hot or hidden, or when it is the strongest of the three states.
    if (
        hot
        or hidden
        or (hot_score >= CALL_IRRITATION and hot_score >= max(confusion, satisfaction))
    ):
        emotion, score = Emotion.IRRITATED, hot_score
    elif confusion >= CALL_CONFUSION:
        emotion, score = Emotion.CONFUSED, confusion
    elif satisfaction >= CALL_SATISFACTION:
        emotion, score = Emotion.SATISFIED, satisfaction
    else:
        emotion, score = Emotion.NEUTRAL, max(hot_score, confusion, satisfaction)
    # The segments that made the call's emotion, strongest first (at most five).
    if emotion == Emotion.IRRITATED:
        leading = sorted(
            (v for v in verdicts if v.irritation >= SEGMENT_THRESHOLD), key=lambda v: -v.irritation
        )
    else:
        leading = [v for v in verdicts if v.emotion == emotion]
    for verdict in leading[:5]:
        reasons.extend(
            reason
            for reason in verdict.reasons
            if emotion != Emotion.IRRITATED or reason["kind"] != "cue" or reason["irritation"]
        )
    hot_at = None
    if hot and hottest is not None:
        hot_at = hottest.start
        reasons.append(
            _reason(
                "hot",
                f"самый горячий момент: накал {hot_score:.1f} (порог {HOT_THRESHOLD:g})",
                hottest.start,
                hottest.segment_id,
                about="hot",
            )
        )
    hidden_at = None
    if hidden is not None:
        verdict, why = hidden
        hidden_at = verdict.start
        reasons.append(_reason("hidden", why, verdict.start, verdict.segment_id, about="hidden"))
    return CallVerdict(
        emotion=str(emotion),
        score=round(score, 3),
        hot=hot,
        hot_score=round(hot_score, 3),
        hot_at=hot_at,
        hidden_irritation=hidden is not None,
        hidden_at=hidden_at,
        voice_heard=voice_heard,
        segments=verdicts,
        reasons=reasons,
    )

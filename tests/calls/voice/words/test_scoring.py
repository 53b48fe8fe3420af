"""Word cues on constructed segments: the lexicon with negation, escalation in any word form,
exclamations, repeated questions (issue 18 §2)."""

from __future__ import annotations

import pytest

from calls.models import Cue, CueKind, CueList
from calls.phrases import SegmentText
from calls.voice.words.scoring import WordScore, segment_word_scores
from calls.voice.words.services import load_voice_cues

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cues() -> None:
    load_voice_cues()


def customer(*texts: str) -> list[SegmentText]:
    return [SegmentText("customer", i * 5.0, i * 5.0 + 4.0, text) for i, text in enumerate(texts)]


def score(text: str) -> WordScore:
    [result] = segment_word_scores(customer(text))
    return result


def kinds(result: WordScore) -> set[tuple[str, bool]]:
    return {(cue.kind, cue.negated) for cue in result.cues}


def test_the_seeded_lexicon_is_a_few_hundred_lemmas() -> None:
    lexicon = Cue.objects.filter(cue_list__kind__in=[CueKind.NEGATIVE, CueKind.POSITIVE])
    assert lexicon.count() >= 300


def test_satisfied_words_count_as_satisfaction() -> None:
    result = score("Спасибо, вы мне очень помогли, я доволен")
    assert result.satisfaction > 0
    assert result.positive > 0
    assert result.negative == 0


def test_not_very_satisfied_is_not_satisfied_but_negative() -> None:
    result = score("Я не очень доволен, честно говоря")
    assert result.satisfaction == 0
    assert result.positive == 0
    assert result.negative > 0
    assert (CueKind.SATISFACTION, True) in kinds(result)


def test_not_very_good_flips_positive() -> None:
    result = score("Это не очень хорошо")
    assert result.positive == 0
    assert result.negative > 0
    [cue] = [c for c in result.cues if c.kind == CueKind.POSITIVE]
    assert cue.negated and cue.text == "не очень хорошо"


def test_negated_negative_word_is_no_evidence() -> None:
    result = score("Ну, в целом не плохо")
    assert result.negative == 0
    assert result.positive == 0


def test_escalation_after_negation_does_not_fire() -> None:
    # «не безобразие» — the engine's rule: a cue without its own «не» is not matched after «не».
    assert score("Это не безобразие, это просто ошибка").escalation_hits == 0
    assert score("Это безобразие!").escalation_hits == 1


@pytest.mark.parametrize("text", [
    "Я уже третий раз звоню", "третий раз уже звоню вам",
    "Звоню в третий раз? Нет, третий раз звонила",
    "Сколько можно ждать", "буду на вас жаловаться", "Верните мне деньги",
])
def test_escalation_in_any_word_form(text: str) -> None:
    result = score(text)
    assert result.escalation_hits >= 1
    assert result.escalation > 0


def test_confusion_cues_with_their_own_negation() -> None:
    result = score("Я не понимаю, в смысле?")
    assert result.confusion >= 3.5


def test_profanity_is_counted() -> None:
    assert score("да блядь, опять").profanity == 1
    assert score("блин, опять").profanity == 0


def test_exclamations_and_caps() -> None:
    result = score("Это НЕВОЗМОЖНО!!! Сделайте что-нибудь!")
    assert result.exclamations == 4
    assert result.caps_words == 1


def test_repeated_question() -> None:
    segments = [
        SegmentText("customer", 0, 4, "Когда мне вернут деньги за подписку?"),
        SegmentText("operator", 5, 9, "Давайте я проверю ваш договор."),
        SegmentText("customer", 10, 14, "Как отключить уведомления?"),
        SegmentText("customer", 15, 19, "Так когда вернут деньги за подписку?"),
    ]
    scores = {s.segment_index: s for s in segment_word_scores(segments)}
    assert set(scores) == {0, 2, 3}  # customer segments only
    assert scores[3].repeated_question and scores[3].repeats_segment == 0
    assert not scores[2].repeated_question and not scores[0].repeated_question


def test_reasons_carry_spans_and_times() -> None:
    [result] = segment_word_scores(customer("Алло. Сколько можно ждать?"))
    # «сколько можно» and «сколько ждать» overlap: the widest match is the one reason.
    [cue] = [c for c in result.cues if c.kind == CueKind.ESCALATION]
    assert "Алло. Сколько можно ждать?"[cue.char_start:cue.char_end] == "Сколько можно ждать"
    assert 0 <= cue.start < cue.end <= 4


def test_operator_words_are_not_scored() -> None:
    segments = [SegmentText("operator", 0, 4, "Безобразие, согласен")]
    assert segment_word_scores(segments) == []


def test_editing_a_list_recompiles_the_cues() -> None:
    assert score("ну это полный швах").negative == 0
    negative = CueList.objects.get(kind=CueKind.NEGATIVE)
    Cue.objects.create(cue_list=negative, text="швах", weight=2.0)
    assert score("ну это полный швах").negative == 2.0
    cue = Cue.objects.get(text="швах")
    cue.is_active = False
    cue.save()
    assert score("ну это полный швах").negative == 0

import pytest

from calls.redaction.transcript import (
    PLACEHOLDERS,
    EntityKind,
    RedactedSpan,
    SegmentText,
    find_entities_in,
    redact_transcript,
)

CARD = "4276415868344978"  # Luhn-valid


def timed(*pieces: tuple[str, float, float]) -> list[dict]:
    """faster-whisper style words: leading spaces, seconds, probability."""
    return [{"start": s, "end": e, "word": f" {w}", "probability": 0.9} for w, s, e in pieces]


def segment_of(words: list[dict], speaker: str = "A") -> SegmentText:
    return SegmentText(speaker, words[0]["start"], words[-1]["end"],
                       "".join(w["word"] for w in words), words)


def texts(segments: list[SegmentText]) -> list[str]:
    return [segment.text for segment in redact_transcript(segments).segments]


def test_issue_example_is_redacted_with_kinds():
    # The line from issue 7: not Luhn-valid, but the context word names it a card.
    found = texts([SegmentText("A", 0, 6, "мой номер 8 916 123 45 67, карта 4276 1234 5678 9012")])
    assert found == ["мой номер [телефон], карта [карта]"]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (f"карта {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}", "карта [карта]"),
        (f"вот {CARD}", "вот [карта]"),
        ("четыре тысячи двести семьдесят шесть четыре тысячи сто пятьдесят восемь шесть тысяч "
         "восемьсот тридцать четыре четыре тысячи девятьсот семьдесят восемь", "[карта]"),
        ("номер восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
         "номер [телефон]"),
        ("запишите +7 (916) 123-45-67 спасибо", "запишите [телефон] спасибо"),
        ("89161234567", "[телефон]"),
        ("мобильный 916 123 45 67", "мобильный [телефон]"),
        ("8 девятьсот шестнадцать 123 сорок пять 67", "[телефон]"),
        ("почта ivan.petrov@mail.ru", "почта [email]"),
        ("пишите ivan собака mail точка ru", "пишите [email]"),
        ("иван точка петров восемьдесят пять собака яндекс точка ру", "[email]"),
        ("паспорт 45 10 123456", "паспорт [паспорт]"),
        ("серия сорок пять десять номер сто двадцать три четыреста пятьдесят шесть",
         "серия [паспорт]"),
        ("СНИЛС 112-233-445 95", "СНИЛС [снилс]"),
        ("снилс пятьсот пятьдесят четыре двести двадцать шесть семьсот шестьдесят один "
         "девяносто два", "снилс [снилс]"),
        ("ИНН 500100732259", "ИНН [инн]"),
        ("инн организации семь пять два шесть шесть ноль один пять ноль четыре",
         "инн организации [инн]"),
        ("расчётный счёт 40817810099910004312", "расчётный счёт [счёт]"),
        ("р/с 4081 7810 0999 1000 4312", "р/с [счёт]"),
    ],
)
def test_every_kind_in_digits_and_words(said, expected):
    assert texts([SegmentText("A", 0, 5, said)]) == [expected]


@pytest.mark.parametrize(
    "said",
    [
        "это стоит две тысячи рублей, доставка три дня",
        "номер заказа 12345678, оплата 4 500 рублей",
        "приходите 25.05.2024 в 14:30",
        "двадцать пятого мая две тысячи двадцать четвёртого года в десять тридцать",
        "у меня собака, она лает",
        "тариф за сто девяносто девять рублей в месяц, скидка двадцать пять процентов",
        "заказ номер 5 6 7 8 9 пришёл",
        "с девяти до восемнадцати, обед с тринадцати до четырнадцати",
    ],
)
def test_ordinary_numbers_are_left_alone(said):
    segment = SegmentText("A", 0, 5, said)
    result = redact_transcript([segment])
    assert result.segments[0] is segment
    assert not result.changed


def test_number_split_over_segments_of_one_speaker():
    segments = [
        SegmentText("client", 0.0, 2.0, "записывайте, восемь девятьсот шестнадцать"),
        SegmentText("operator", 2.2, 2.6, "да"),
        SegmentText("client", 3.0, 4.0, "сто двадцать три"),
        SegmentText("client", 4.5, 5.5, "сорок пять шестьдесят семь"),
    ]
    result = redact_transcript(segments)
    assert [s.text for s in result.segments] == [
        "записывайте, [телефон]", "да", "[телефон]", "[телефон]"]
    assert [(span.kind, span.segment) for span in result.spans] == [
        (EntityKind.PHONE, 0), (EntityKind.PHONE, 2), (EntityKind.PHONE, 3)]


def test_other_speakers_are_never_joined():
    segments = [
        SegmentText("client", 0.0, 2.0, "восемь девятьсот шестнадцать"),
        SegmentText("operator", 2.1, 4.0, "сто двадцать три сорок пять шестьдесят семь"),
    ]
    assert not redact_transcript(segments).changed


def test_a_long_pause_ends_a_number():
    segments = [
        SegmentText("client", 0.0, 2.0, "восемь девятьсот шестнадцать"),
        SegmentText("client", 20.0, 22.0, "сто двадцать три сорок пять шестьдесят семь"),
    ]
    assert not redact_transcript(segments).changed


def test_someone_saying_other_digits_in_between_ends_a_number():
    segments = [
        SegmentText("client", 0.0, 2.0, "восемь девятьсот шестнадцать"),
        SegmentText("operator", 2.0, 2.5, "девятьсот семнадцать?"),
        SegmentText("client", 2.6, 4.0, "сто двадцать три сорок пять шестьдесят семь"),
    ]
    assert not redact_transcript(segments).changed


def test_someone_repeating_the_digits_in_between_does_not():
    segments = [
        SegmentText("client", 0.0, 2.0, "восемь девятьсот шестнадцать"),
        SegmentText("operator", 2.0, 2.5, "девятьсот шестнадцать?"),
        SegmentText("client", 2.6, 4.0, "сто двадцать три сорок пять шестьдесят семь"),
    ]
    assert texts(segments) == ["[телефон]", "[телефон]?", "[телефон]"]


def test_a_card_read_back_group_by_group_is_hidden_on_both_sides():
    segments = [
        SegmentText("operator", 0.0, 2.0, "Продиктуйте номер карты."),
        SegmentText("client", 2.5, 4.0, "Четыре два семь шесть,"),
        SegmentText("operator", 4.1, 5.0, "Четыре два семь шесть, так."),
        SegmentText("client", 5.2, 7.0, "семь девять семь пять,"),
        SegmentText("operator", 7.1, 8.0, "семь девять семь пять."),
        SegmentText("client", 8.2, 10.0, "четыре три два три, один девять четыре восемь."),
        SegmentText("operator", 10.1, 12.0, "Четыре три два три, один девять четыре восемь. "
                                            "Стоимость 4323 рубля, квартира 512."),
    ]
    assert texts(segments) == [
        "Продиктуйте номер карты.", "[карта]", "[карта], так.", "[карта]", "[карта].", "[карта].",
        # Groups said again are the card (even in a price); other digits are not.
        "[карта]. Стоимость [карта] рубля, квартира 512.",
    ]


def test_operator_question_is_context_for_the_answer():
    segments = [
        SegmentText("operator", 0.0, 2.0, "продиктуйте серию и номер паспорта"),
        SegmentText("client", 2.5, 5.0, "4510 123456"),
        SegmentText("operator", 5.0, 7.0, "и ваш ИНН"),
        SegmentText("client", 7.5, 9.0, "7526601505"),
    ]
    assert texts(segments)[1::2] == ["[паспорт]", "[инн]"]


def test_word_timings_are_kept():
    words = timed(("Мой", 0.0, 0.3), ("телефон", 0.3, 0.8), ("восемь", 1.0, 1.3),
                  ("девятьсот", 1.3, 1.8), ("шестнадцать,", 1.8, 2.3), ("сто", 2.5, 2.7),
                  ("двадцать", 2.7, 3.0), ("три,", 3.0, 3.3), ("сорок", 3.4, 3.6),
                  ("пять,", 3.6, 3.9),
                  ("шестьдесят", 4.0, 4.4), ("семь.", 4.4, 4.8), ("Спасибо.", 5.0, 5.5))
    segment = segment_of(words)
    result = redact_transcript([segment])
    redacted = result.segments[0]
    assert redacted.text == " Мой телефон [телефон]. Спасибо."
    assert redacted.words == [
        words[0], words[1],
        {"start": 1.0, "end": 4.8, "word": " [телефон].", "probability": 0.9},
        words[-1],
    ]
    assert "".join(w["word"] for w in redacted.words) == redacted.text
    assert result.spans == [RedactedSpan(EntityKind.PHONE, 0, 1.0, 4.8)]


def test_words_split_across_segments_keep_each_segments_timings():
    first = segment_of(timed(("карта", 0.0, 0.4), ("4276", 0.5, 1.0), ("4158", 1.0, 1.5)))
    second = segment_of(timed(("6834", 2.0, 2.5), ("4978", 2.5, 3.0), ("всё", 3.1, 3.4)))
    result = redact_transcript([first, second])
    assert [s.text for s in result.segments] == [" карта [карта]", " [карта] всё"]
    assert result.spans == [RedactedSpan(EntityKind.CARD, 0, 0.5, 1.5),
                            RedactedSpan(EntityKind.CARD, 1, 2.0, 3.0)]


def test_segments_without_words_get_proportional_seconds():
    text = "тел 89161234567"  # 4 characters before the number, 15 in all
    result = redact_transcript([SegmentText("A", 10.0, 25.0, text)])
    assert result.segments[0].text == "тел [телефон]"
    assert result.segments[0].words is None
    assert result.spans == [RedactedSpan(EntityKind.PHONE, 0, 14.0, 25.0)]


def test_words_that_do_not_spell_the_text_win():
    words = timed(("карта", 0.0, 0.4), (CARD, 0.5, 2.0))
    segment = SegmentText("A", 0.0, 2.0, "карта (текст не совпадает)", words)
    redacted = redact_transcript([segment]).segments[0]
    assert redacted.text == " карта [карта]"
    assert redacted.words[-1]["word"] == " [карта]"


def test_untouched_segments_are_returned_as_given():
    segments = [SegmentText("A", 0, 1, "здравствуйте", timed(("здравствуйте", 0, 1))),
                SegmentText("B", 1, 2, f"карта {CARD}")]
    result = redact_transcript(segments)
    assert result.segments[0] is segments[0]
    assert len(result.segments) == 2


def test_redaction_is_idempotent():
    segments = [
        SegmentText("A", 0, 5, "мой номер 8 916 123 45 67, карта 4276 1234 5678 9012"),
        SegmentText("A", 5, 8, "почта ivan собака mail точка ru и СНИЛС 112-233-445 95"),
        segment_of(timed(("паспорт", 8.0, 8.5), ("4510", 8.5, 9.0), ("123456", 9.0, 9.5))),
    ]
    once = redact_transcript(segments)
    twice = redact_transcript(once.segments)
    assert not twice.changed
    assert twice.segments == once.segments
    # A placeholder next to digits that are not an entity stays as it is.
    leftover = [SegmentText("A", 0, 1, "[карта] 12 [телефон] [счёт]")]
    assert not redact_transcript(leftover).changed


def test_every_placeholder_says_what_it_was():
    assert set(PLACEHOLDERS) == set(EntityKind)
    assert PLACEHOLDERS[EntityKind.CARD] == "[карта]"
    assert PLACEHOLDERS[EntityKind.PHONE] == "[телефон]"


def test_find_entities_in_gives_offsets():
    entities = find_entities_in([SegmentText("A", 0, 1, f"карта {CARD}")])
    assert [(e.kind, [(p.segment, p.start, p.end) for p in e.pieces]) for e in entities] == [
        (EntityKind.CARD, [(0, 6, 22)])]

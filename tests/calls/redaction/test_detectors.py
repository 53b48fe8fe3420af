import pytest

from calls.redaction.detectors import (
    EntityKind,
    Piece,
    SegmentText,
    chains_of,
    classify,
    context_kind,
    find_entities,
    tokenize,
)

CARD = "4276415868344978"


def found(*texts: str, speaker: str = "A") -> list[tuple[EntityKind, str]]:
    segments = [SegmentText(speaker, 2.0 * i, 2.0 * i + 1.5, text) for i, text in enumerate(texts)]
    return [(entity.kind, " | ".join(texts[p.segment][p.start:p.end] for p in entity.pieces))
            for entity in find_entities(segments)]


@pytest.mark.parametrize(
    ("digits", "shape", "context", "kind"),
    [
        (CARD, (4, 4, 4, 4), None, EntityKind.CARD),
        ("4276415868344977", (16,), None, None),  # Luhn fails, nothing names a card
        ("4276415868344977", (16,), EntityKind.CARD, EntityKind.CARD),
        ("42764158683449772", (16, 1), EntityKind.CARD, None),  # not a card's length
        ("8276415868344970", (16,), None, None),  # no card starts with 8
        ("2200492235985235341", (4, 4, 4, 4, 3), None, EntityKind.CARD),
        ("89161234567", (1, 3, 3, 2, 2), None, EntityKind.PHONE),
        ("79161234567", (11,), None, EntityKind.PHONE),
        ("9161234567", (3, 3, 2, 2), None, EntityKind.PHONE),
        ("4951234567", (3, 3, 2, 2), None, EntityKind.PHONE),
        ("4951234567", (10,), None, None),
        ("1234567", (3, 2, 2), EntityKind.PHONE, EntityKind.PHONE),
        ("1234567", (7,), EntityKind.PHONE, None),
        ("11223344595", (3, 3, 3, 2), None, EntityKind.SNILS),
        ("11223344595", (11,), None, EntityKind.SNILS),
        ("11223344596", (11,), None, None),
        ("81223344596", (11,), EntityKind.SNILS, EntityKind.SNILS),
        ("4510123456", (4, 6), None, EntityKind.PASSPORT),
        ("4510123456", (2, 2, 6), None, EntityKind.PASSPORT),
        ("4510123456", (10,), EntityKind.PASSPORT, EntityKind.PASSPORT),
        ("123456", (6,), EntityKind.PASSPORT, EntityKind.PASSPORT),
        ("062026", (2, 4), EntityKind.PASSPORT, None),  # «…06.2026» after «паспорт»: a date
        ("7526601504", (10,), None, EntityKind.INN),
        ("7526601505", (10,), EntityKind.INN, EntityKind.INN),
        ("500100732259", (12,), None, EntityKind.INN),
        ("500100732258", (12,), None, None),
        ("40817810099910004312", (20,), None, EntityKind.ACCOUNT),
        ("4081781009991000431", (19,), EntityKind.ACCOUNT, EntityKind.ACCOUNT),
        ("12345678", (8,), None, None),
        ("12345678", (8,), EntityKind.CARD, None),
        ("48906828890931001226", (4, 4, 4, 4, 2, 2), None, EntityKind.CARD),  # with its expiry
        ("40906828890931001326", (20,), None, EntityKind.ACCOUNT),  # month 13: not an expiry
        ("79756828890931001326", (20,), None, None),  # no balance account starts 79
    ],
)
def test_classify(digits, shape, context, kind):
    assert classify(digits, shape, context) is kind


@pytest.mark.parametrize(
    "said",
    ["в 1998 1999 2001 годах", "в 2001 2002 2003 2004 2005 годах", "12.03.2025 14.03.2025 15.03",
     "за 2000 2003 2006"],
)
def test_lists_of_years_and_dates_are_not_numbers_to_hide(said):
    assert found(said) == []


def test_a_card_that_looks_like_years_is_still_hidden_after_its_context_word():
    assert classify("2001200220032004", (4, 4, 4, 4), EntityKind.CARD) is EntityKind.CARD


@pytest.mark.parametrize(
    "said",
    ["цены 857 000, 5 100, 156 000 рублей", "было 9 800, 799 000, стало 610 000",
     "цены восемь тысяч сто, семь тысяч девятьсот, пятьсот рублей",
     "пять тысяч пятьсот, девять тысяч девятьсот, три тысячи пятьсот",
     "баланс 1 234 567 890 рублей"],
)
def test_amounts_are_not_numbers_to_hide(said):
    assert found(said) == []


@pytest.mark.parametrize(
    "said",
    ["было 33, 95, 46, 89, 95, 84 штук", "в 20:30, 13:15, 11:30, 8:30", "04.11 27.05 22.02 13.11",
     "номер заказа 81123592, 319", "было 32, 49, 70, 14, 74, 32, 2, 94 штук",
     "было двадцать один, пять, семьдесят восемь, семьдесят три, двадцать четыре, восемьдесят "
     "семь, пятьдесят, восемьдесят семь штук"],
)
def test_lists_of_numbers_are_not_numbers_to_hide(said):
    # Each of these passed a check digit (or a phone's first digits) in some part of it.
    assert found(said) == []


def test_a_card_said_in_pairs_is_found_alone_or_named():
    pairs = " ".join(CARD[i:i + 2] for i in range(0, 16, 2))
    assert found(pairs) == [(EntityKind.CARD, pairs)]
    assert found(f"карта {pairs}, 2 раза") == [(EntityKind.CARD, pairs)]
    assert found(f"{pairs}, 2 раза") == []  # in a longer run, unnamed, it may be a list


def test_amounts_count_when_a_context_word_names_the_number():
    assert found("ИНН 500 100 732 259") == [(EntityKind.INN, "500 100 732 259")]
    assert found("р/с сорок тысяч восемьсот семнадцать, восемьсот десять, ноль, тысяча двести "
                 "тридцать четыре, пять тысяч шестьсот семьдесят восемь, девятьсот один")[0][0] is (
        EntityKind.ACCOUNT)


def test_phones_are_not_amounts():
    assert found("+7 916 123-45-67")[0][0] is EntityKind.PHONE
    assert found("8 916 123 45 67")[0][0] is EntityKind.PHONE


def test_a_grouping_alone_names_a_whole_run_only():
    assert classify("4510123456", (4, 6), None, alone=False) is None
    assert found("Обращение 2024-05-15-001234 закрыто.") == []
    assert found("45 10 123456") == [(EntityKind.PASSPORT, "45 10 123456")]


def test_context_words():
    assert context_kind("карты") is EntityKind.CARD
    assert context_kind("паспорта") is EntityKind.PASSPORT
    assert context_kind("снилс") is EntityKind.SNILS
    assert context_kind("расчетный") is EntityKind.ACCOUNT
    assert context_kind("картошка") is None
    assert context_kind("сериал") is None


def test_the_nearest_context_word_wins():
    assert found("телефон, нет, лучше паспорт: 4510123456") == [
        (EntityKind.PASSPORT, "4510123456")]
    assert found("паспорт, нет, лучше телефон: 9161234567") == [
        (EntityKind.PHONE, "9161234567")]


def test_a_word_naming_another_number_ends_the_context():
    assert found("телефон сломался, номер заказа 123 45 67") == []


def test_context_after_the_number():
    assert found("4510123456 это мой паспорт")[0][0] is EntityKind.PASSPORT


def test_two_entities_in_one_run_are_split_apart():
    assert found(f"8 916 123 45 67, {CARD}") == [
        (EntityKind.PHONE, "8 916 123 45 67"), (EntityKind.CARD, CARD)]


def test_the_plus_sign_belongs_to_the_phone():
    assert found("звоните +7 (916) 123-45-67") == [(EntityKind.PHONE, "+7 (916) 123-45-67")]
    assert found("плюс семь девятьсот шестнадцать 123 45 67") == [
        (EntityKind.PHONE, "плюс семь девятьсот шестнадцать 123 45 67")]


def test_fillers_inside_a_number():
    said = "восемь девятьсот шестнадцать, э, сто двадцать три, так, сорок пять шестьдесят семь"
    assert found(said) == [(EntityKind.PHONE, said)]


def test_a_word_ends_a_number():
    assert found("8 916 в 123 45 67") == []


@pytest.mark.parametrize(
    ("said", "address"),
    [
        ("почта ivan.petrov@mail.ru.", "ivan.petrov@mail.ru"),
        ("почта ivan собака mail точка ru", "ivan собака mail точка ru"),
        ("ivan точка petrov собака gmail точка com", "ivan точка petrov собака gmail точка com"),
        ("мой адрес иван нижнее подчёркивание петров собака яндекс точка ру",
         "иван нижнее подчёркивание петров собака яндекс точка ру"),
        ("irina 84 собака inbox.ru", "irina 84 собака inbox.ru"),
        ("пишите ольга восемьдесят пять собака мейл точка ру",
         "ольга восемьдесят пять собака мейл точка ру"),
        ("olga собака мейл ру", "olga собака мейл ру"),
        ("почта smirnov @ yandex.ru", "smirnov @ yandex.ru"),
    ],
)
def test_emails(said, address):
    assert found(said) == [(EntityKind.EMAIL, address)]


@pytest.mark.parametrize(
    ("said", "code"),
    [("CVC 123", "123"), ("CVV2: 456", "456"),
     ("три цифры на обороте семьсот восемьдесят девять", "семьсот восемьдесят девять"),
     ("а CVC, сейчас, один два три", "один два три")],
)
def test_the_security_code_goes_under_the_card(said, code):
    assert found(said) == [(EntityKind.CARD, code)]


def test_three_digits_elsewhere_are_not_a_security_code():
    assert found("служба поддержки, отдел 305") == []
    assert found("CVC не скажу, а заказ 123") == []


def test_a_local_part_whisper_split_in_two_words():
    assert found("Почта Иван Петров собака мейл точка ру.") == [
        (EntityKind.EMAIL, "Иван Петров собака мейл точка ру")]
    assert found("пишите на Петров собака мейл точка ру") == [
        (EntityKind.EMAIL, "Петров собака мейл точка ру")]


def test_a_mobile_number_said_in_any_grouping_after_its_code():
    said = "девятьсот шестнадцать, двенадцать, тридцать четыре, пятьсот шестьдесят семь"
    assert found(f"Пишите: {said}.") == [(EntityKind.PHONE, said)]
    assert found(f"было {said}, 5") == []  # inside a longer run: a list


@pytest.mark.parametrize(
    "said",
    ["у меня собака, она лает", "собака точка, а не кошка", "мой адрес собака знает",
     "это собака mail точка спасибо"],
)
def test_dogs_are_not_emails(said):
    assert found(said) == []


def test_an_email_stays_in_its_segment():
    assert found("ничего не работает.", "irina собака inbox.ru") == [
        (EntityKind.EMAIL, "irina собака inbox.ru")]


def test_chains_join_a_speaker_over_short_backchannels_only():
    segments = [
        SegmentText("A", 0.0, 1.0, "восемь"),
        SegmentText("B", 1.1, 1.5, "да"),
        SegmentText("A", 1.6, 2.0, "девятьсот"),
        SegmentText("B", 2.1, 3.0, "а ваш ИНН"),  # a question with a context word
        SegmentText("A", 3.1, 4.0, "пять"),
        SegmentText("A", 9.0, 10.0, "шесть"),  # five seconds later
    ]
    tokens = [tokenize(segment.text, index) for index, segment in enumerate(segments)]
    # B is not joined either: A said a number in between.
    assert chains_of(segments, tokens) == [[0, 2], [1], [3], [4], [5]]


def test_digits_inside_a_group_of_a_nearby_entity_are_not_a_read_back():
    assert found("карта 4276 7975 4323 1948", "квартира 300, дом 797") == [
        (EntityKind.CARD, "4276 7975 4323 1948")]
    segments = [SegmentText("client", 0.0, 2.0, "карта 4276 7975 4323 1948"),
                SegmentText("operator", 2.5, 4.0, "так, 4323 1948")]
    assert [(e.kind, e.pieces) for e in find_entities(segments)] == [
        (EntityKind.CARD, (Piece(0, 6, 25),)), (EntityKind.CARD, (Piece(1, 5, 14),))]


def test_placeholders_are_opaque():
    assert found("[карта] [телефон] 45 [снилс]") == []
    assert [t.kind for t in tokenize("[карта] 4", 0)] == ["placeholder", "num"]


def test_card_and_phone_said_in_words_are_found():
    # Read by the number reader the phrase engine shares (calls/phrases/numbers.py, as dictated).
    card = ("карта четыре тысячи двести семьдесят шесть, четыре тысячи сто пятьдесят восемь, "
            "шесть тысяч восемьсот тридцать четыре, четыре тысячи девятьсот семьдесят восемь")
    assert [kind for kind, _ in found(card)] == [EntityKind.CARD]
    assert found(card)[0][1].startswith("четыре тысячи двести")
    said = "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь"
    assert found(f"мой телефон {said}") == [(EntityKind.PHONE, said)]

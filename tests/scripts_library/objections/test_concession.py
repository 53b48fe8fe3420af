import pytest

from scripts_library.objections.concession import conceded


def after(text: str, words: str) -> bool:
    """`conceded` for the match `words` (its first occurrence) in `text`."""
    return conceded(text, text.index(words) + len(words))


@pytest.mark.parametrize(("text", "match"), [
    ("Дорого, но берём.", "Дорого"),
    ("Да, дороговато, но нам подходит, оформляйте.", "дороговато"),
    ("Дорого, но всё равно берём", "Дорого"),
    ("Дорого, но мы, наверное, всё-таки возьмём.", "Дорого"),
    ("Дорого, однако нас устраивает.", "Дорого"),
    ("Дороговато, зато я согласен.", "Дороговато"),
    ("Дорого, но давайте оформим.", "Дорого"),
    ("ДОРОГО, НО БЕРЁМ", "ДОРОГО"),
    ("Дорого, но берем, не раздумывая.", "Дорого"),
    ("Дорого… но берём.", "Дорого"),
    ("Дорого... но берём.", "Дорого"),
])
def test_accepting_after_a_concession_is_no_objection(text: str, match: str) -> None:
    assert after(text, match)


@pytest.mark.parametrize(("text", "match"), [
    # Real objections with «но»: no acceptance, or the match after the conjunction.
    ("Дорого, но я подумаю.", "Дорого"),
    ("Хорошо, но дорого.", "дорого"),
    ("Но это дорого.", "дорого"),
    ("Дорого, но давайте подумаем.", "Дорого"),
    # Negated acceptance.
    ("Дорого, но не возьмём.", "Дорого"),
    ("Дорого, но брать не будем.", "Дорого"),
    ("Дорого, но нам это ни разу не подходит.", "Дорого"),
    ("Дорого, но брать мы не будем.", "Дорого"),
    # «хотя» keeps the objection the main clause; a question accepts nothing.
    ("Дорого, хотя нам подходит.", "Дорого"),
    ("Дорого, но подходит ли нам?", "Дорого"),
    # Another sentence is another thought.
    ("Дорого. Но берём.", "Дорого"),
    # No conjunction, or the acceptance too far from it.
    ("Дорого, берём.", "Дорого"),
    ("Дорого, но если честно, то мы в итоге, может быть, возьмём.", "Дорого"),
])
def test_objections_stay_objections(text: str, match: str) -> None:
    assert not after(text, match)


def test_the_end_of_the_text_concedes_nothing() -> None:
    assert not conceded("Дорого", 6)


def test_a_long_text_is_read_one_sentence_and_a_few_words_on() -> None:
    text = "Слишком дорого " + "и мы ещё посмотрим " * 500 + "но берём."
    assert not conceded(text, len("Слишком дорого"))
    assert after("Слишком дорого, но берём. " + "А мы ещё посмотрим. " * 500, "дорого")

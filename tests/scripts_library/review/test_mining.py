from hypothesis import given, settings
from hypothesis import strategies as st

from scripts_library.models import ResponseBlock, ReviewSuggestion
from scripts_library.review import mining
from tests.scripts_library.review.conftest import GUARANTEE, OCTOBER, Month


def _calls():  # type: ignore[no-untyped-def]
    return mining.sales_calls(*OCTOBER)


def test_new_objection_from_a_recurring_unmatched_utterance(month: Month) -> None:
    suggestions = mining.new_objections(_calls())
    (delivery,) = [s for s in suggestions if "доставка" in s.payload["lemmas"]]
    assert delivery.kind == ReviewSuggestion.Kind.NEW_OBJECTION
    assert delivery.payload["call_count"] == 3  # the support call is not a sales call
    assert {e["call"] for e in delivery.payload["calls"]} == {c.pk for c in
                                                              month.delivery_calls}
    assert all(e["t"] == 5.0 for e in delivery.payload["calls"])
    # What the price objection already finds is not new: «цена кусается» is said in one call
    # outside its hits only.
    assert not any("дорогой" in s.payload["lemmas"] for s in suggestions)


def test_a_phrase_already_in_the_library_is_not_new(month: Month) -> None:
    from scripts_library.models import Objection
    from tests.factories import ObjectionFactory, ObjectionPhraseFactory

    draft = ObjectionFactory(code="delivery", status=Objection.Status.DRAFT)
    ObjectionPhraseFactory(objection=draft, text="долгая доставка")
    assert not any("доставка" in s.payload["lemmas"] for s in mining.new_objections(_calls()))


def test_cluster_joins_ngrams_sharing_lemmas() -> None:
    first = mining.Gram(("доставка", "долгий"), calls={1, 2, 3})
    second = mining.Gram(("долгий", "доставка", "ждать"), calls={4})
    other = mining.Gram(("цена", "высокий"), calls={5, 6})
    clusters = mining.cluster_grams([second, other, first])
    assert [c.seed for c in clusters] == [first, other]
    assert clusters[0].calls == {1, 2, 3, 4}


def test_new_phrase_with_the_calls_it_would_add(month: Month) -> None:
    (suggestion,) = mining.new_phrases(_calls())
    assert suggestion.kind == ReviewSuggestion.Kind.NEW_PHRASE
    assert suggestion.payload["objection"] == "price"
    assert suggestion.payload["phrase"] == "цена кусается"
    assert (suggestion.payload["together_calls"], suggestion.payload["found_calls"],
            suggestion.payload["extra_calls"]) == (2, 3, 1)
    assert [e["call"] for e in suggestion.payload["calls"]] == [month.unmatched_price_call.pk]


def test_successful_phrasing_from_sales_without_a_repeat(month: Month) -> None:
    (suggestion,) = mining.successful_replies(_calls())
    assert suggestion.kind == ReviewSuggestion.Kind.NEW_BLOCK
    assert suggestion.payload["text"] == GUARANTEE
    assert suggestion.payload["block_kind"] == ResponseBlock.Kind.ARGUMENT
    assert suggestion.payload["call_count"] == 2 and suggestion.score == 2
    assert {e["call"] for e in suggestion.payload["calls"]} == {c.pk for c in month.reply_calls}


def test_reply_already_a_block_is_not_offered(month: Month) -> None:
    ResponseBlock.objects.create(objection=month.price, kind="argument", text=GUARANTEE)
    texts = [s.payload["text"] for s in mining.successful_replies(_calls())]
    assert GUARANTEE not in texts


def test_unused_blocks_over_three_months(month: Month) -> None:
    blocks = {s.payload["block"] for s in mining.unused_blocks(*OCTOBER)}
    assert month.unused.pk in blocks
    assert month.used.pk not in blocks and month.fresh.pk not in blocks
    (suggestion,) = [s for s in mining.unused_blocks(*OCTOBER)
                     if s.payload["block"] == month.unused.pk]
    assert suggestion.payload["window_from"] == "2026-08-01"


def test_weak_block_by_the_intervals(month: Month) -> None:
    (suggestion,) = mining.weak_blocks(*OCTOBER)
    assert suggestion.kind == ReviewSuggestion.Kind.WEAK_BLOCK
    assert suggestion.payload["block"] == month.weak.pk
    assert (suggestion.payload["sales"], suggestion.payload["calls_with"]) == (0, 10)
    assert suggestion.payload["high"] < suggestion.payload["siblings_low"]


def test_a_block_with_few_calls_is_not_called_weak(month: Month) -> None:
    from tests.factories import CallFactory, ResponseBlockFactory, SidebarEventFactory
    from tests.scripts_library.review.conftest import AT

    rare = ResponseBlockFactory(objection=month.price, kind="argument", text="Редкий")
    SidebarEventFactory(block=rare, at=AT, call=CallFactory(outcome="no_sale", started_at=AT))
    assert rare.pk not in {s.payload["block"] for s in mining.weak_blocks(*OCTOBER)}


@given(text=st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_content_words_of_any_unicode_text(text: str) -> None:
    # Issue 15 §6: a word in a rare script (Tangut U+1742D) made pymorphy3 raise; the review
    # mines customers' words, whatever they are.
    for lemma, surface in mining.content_words(text + " \U0001742d"):
        assert lemma and surface
    word = "\U0001742d\U00017000"
    assert mining.content_words(word) == [(word, word)]


def test_a_suggestion_needs_two_customers(month: Month) -> None:
    from calls.models import Call

    # The three «доставка долгая» calls and both guarantee replies were one customer's.
    same = [c.pk for c in month.delivery_calls] + [c.pk for c in month.reply_calls]
    Call.objects.filter(pk__in=same).update(customer_key="one-customer")
    assert not any("доставка" in s.payload["lemmas"] for s in mining.new_objections(_calls()))
    assert mining.successful_replies(_calls()) == []
    # Two customers are enough.
    Call.objects.filter(pk=month.delivery_calls[0].pk).update(customer_key="another")
    assert any("доставка" in s.payload["lemmas"] for s in mining.new_objections(_calls()))


def test_evidence_keeps_every_call_behind_each_number(month: Month) -> None:
    (delivery,) = [s for s in mining.new_objections(_calls()) if "доставка" in s.payload["lemmas"]]
    assert sorted(c for c, _t in delivery.payload["evidence"]["calls"]) == sorted(
        c.pk for c in month.delivery_calls)
    (phrase,) = mining.new_phrases(_calls())
    evidence = phrase.payload["evidence"]
    assert (len(evidence["together"]), len(evidence["found"]), len(evidence["calls"])) == (2, 3, 1)
    (weak,) = mining.weak_blocks(*OCTOBER)
    assert (len(weak.payload["evidence"]["calls"]), len(weak.payload["evidence"]["sales"]),
            len(weak.payload["evidence"]["siblings_sales"])) == (10, 0, 10)


def test_titles_are_cut_at_a_word_boundary() -> None:
    text = "Понимаю вас, " + "очень длинный аргумент " * 10
    clipped = mining.clip(text, 40)
    assert clipped.endswith("…") and len(clipped) <= 41
    assert text.startswith(clipped[:-1]) and text[len(clipped) - 1] == " "
    assert mining.clip("Коротко.", 40) == "Коротко."
    assert mining.clip("Слово" * 30, 40).endswith("…")


def test_a_weak_block_needs_two_customers_too(month: Month) -> None:
    from calls.models import Call

    (weak,) = mining.weak_blocks(*OCTOBER)
    calls = [call for call, _t in weak.payload["evidence"]["calls"]]
    Call.objects.filter(pk__in=calls).update(customer_key="the-same-one")
    assert mining.weak_blocks(*OCTOBER) == []

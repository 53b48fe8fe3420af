from calls.models import ReviewSuggestion
from calls.taxonomy.review import suggestions
from tests.calls.taxonomy.review.conftest import Month

FIRST, LAST = suggestions.date(2026, 10, 1), suggestions.date(2026, 10, 31)


def test_retire_tags_without_a_hit_for_six_months(month: Month) -> None:
    found = suggestions.retire(last=LAST)
    assert [s.payload["code"] for s in found] == ["stale"]
    (stale,) = found
    assert stale.kind == ReviewSuggestion.Kind.RETIRE and stale.tags == [month.stale]
    assert stale.payload["days"] == 180 and stale.payload["last_hit"] is None
    assert "180\u00a0дней" in stale.summary


def test_retire_follows_the_setting(month: Month, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAG_RETIRE_AFTER_DAYS = 30
    codes = {s.payload["code"] for s in suggestions.retire(last=LAST)}
    assert codes == {"stale", "september"}
    (september,) = [s for s in suggestions.retire(last=LAST) if s.payload["code"] == "september"]
    assert september.payload["last_hit"] == "2026-09-05"
    assert len(september.payload["evidence"]["last"]) == 1


def test_new_tag_from_calls_without_a_problem_tag(month: Month) -> None:
    found, considered = suggestions.new_tags(first=FIRST, last=LAST)
    (promo,) = [s for s in found if "промокод" in s.payload["lemmas"]]
    assert promo.kind == ReviewSuggestion.Kind.NEW_TAG
    # The four calls without a problem tag («Благодарность» is not one); not the tagged call.
    assert promo.payload["call_count"] == 4
    calls = {call for call, _t in promo.payload["evidence"]["calls"]}
    assert calls == {c.pk for c in month.promo_calls}
    assert all(t == 5.0 for _c, t in promo.payload["evidence"]["calls"])
    assert promo.payload["phrases"] and promo.payload["measure"] == "likelihood_ratio"
    assert "4\u00a0звонка" in promo.summary
    # The month's analysed calls minus the problem-tagged ones.
    assert considered == 4 + 16


def test_a_wording_already_a_phrase_is_not_a_new_tag(month: Month) -> None:
    from tests.factories import KeyPhraseFactory

    KeyPhraseFactory(tag=month.late, text="промокод не применился")
    found, _considered = suggestions.new_tags(first=FIRST, last=LAST)
    assert not any(s.payload["lemmas"] == ["промокод", "применяться"] for s in found)


def test_a_new_tag_needs_two_customers(month: Month) -> None:
    from calls.models import Call

    Call.objects.filter(pk__in=[c.pk for c in month.promo_calls]).update(customer_key="one")
    found, _considered = suggestions.new_tags(first=FIRST, last=LAST)
    assert not any("промокод" in s.payload["lemmas"] for s in found)


def test_clarify_tags_with_low_agreement(month: Month) -> None:
    (late,) = suggestions.clarify()
    assert late.kind == ReviewSuggestion.Kind.CLARIFY and late.tags == [month.late]
    assert late.payload["coefficient"] == 0.0 and late.payload["items"] == 4
    disagreed = {call for call, _t in late.payload["evidence"]["disagreed"]}
    assert disagreed == {month.disagreed_calls[0].pk, month.disagreed_calls[2].pk}
    items = {call for call, _t in late.payload["evidence"]["items"]}
    assert items == {c.pk for c in month.disagreed_calls}
    assert "уточните описание" in late.summary


def test_merge_pairs_that_always_come_together(month: Month) -> None:
    (pair,) = suggestions.merge(first=FIRST, last=LAST)
    assert pair.kind == ReviewSuggestion.Kind.MERGE
    assert set(pair.tags) == {month.cancel, month.refund}
    assert pair.payload["both"] == 8 and pair.payload["p_b_given_a"] == 1.0
    assert {c for c, _t in pair.payload["evidence"]["both"]} == {c.pk for c in month.both_calls}
    assert pair.summary.startswith("В 100% звонков с тегом")


def test_add_phrases_that_find_the_reference_calls(month: Month) -> None:
    found = suggestions.add_phrases()
    assert found, "the courier calls give «курьер опоздать»"
    assert all(s.kind == ReviewSuggestion.Kind.ADD_PHRASES for s in found)
    best = found[0]
    assert best.tags == [month.late]
    assert best.payload["text"] == "курьер опоздать"
    assert best.payload["precision"] == 1.0 and best.payload["recall_gain"] > 0
    assert {c for c, _t in best.payload["evidence"]["calls"]} <= {c.pk for c in month.courier_calls}


def test_a_phrase_the_tag_has_is_not_suggested(month: Month) -> None:
    from tests.factories import KeyPhraseFactory

    KeyPhraseFactory(tag=month.late, text="курьер опоздал")
    assert not any(s.payload["text"] == "курьер опоздать" for s in suggestions.add_phrases())

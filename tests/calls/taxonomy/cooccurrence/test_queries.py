"""calls/taxonomy/cooccurrence/queries.py on a hand-computed example."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from scipy.stats import fisher_exact

from calls.models import Call, CallTag
from calls.taxonomy.cooccurrence.queries import cooccurrence, strong_pairs
from calls.taxonomy.services import call_tag_remove
from tests.factories import CallFactory, CallTagFactory, TagCategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
IN_PERIOD = datetime(2026, 11, 10, 12, 0, tzinfo=MOSCOW)
DAY_FROM, DAY_TO = date(2026, 11, 9), date(2026, 11, 15)


def _calls(*tag_sets: tuple, **fields: object) -> list[Call]:
    calls = []
    for tags in tag_sets:
        call = CallFactory(
            started_at=fields.get("started_at", IN_PERIOD),
            status=fields.get("status", Call.Status.ANALYSED),
        )
        for tag in tags:
            CallTagFactory(call=call, tag=tag)
        calls.append(call)
    return calls


def test_hand_computed_example() -> None:
    cancel = TagFactory(code="cancel", name="Сложность отмены заказа")
    promo = TagFactory(code="promo", name="Не пришёл промокод")
    other = TagFactory(code="other", name="Другое")
    calls = _calls(
        (cancel, promo),
        (cancel, promo),
        (cancel, promo),
        (cancel, promo),
        (cancel,),
        (promo,),
        (other,),
        (other,),
        (cancel, other),
        (cancel,),
    )
    # Once per call whatever the source: the first call has the tag from the phrases too.
    CallTagFactory(call=calls[0], tag=cancel, source=CallTag.Source.AUTO)
    # A tag a person removed does not count: the last call has no tag left.
    call_tag_remove(call=calls[9], tag=cancel, user=None)
    # Outside the period, or not analysed: not counted.
    _calls((cancel, promo), started_at=datetime(2026, 11, 16, 0, 30, tzinfo=MOSCOW))
    _calls((cancel, promo), started_at=datetime(2026, 11, 8, 23, 59, tzinfo=MOSCOW))
    _calls((cancel, other), status=Call.Status.TRANSCRIBED)

    result = cooccurrence(date_from=DAY_FROM, date_to=DAY_TO)

    assert result.calls == 10 and result.tested == 3
    by_pair = {(p.tag_a.code, p.tag_b.code): p for p in result.pairs}
    assert set(by_pair) == {("cancel", "promo"), ("cancel", "other")}
    pair = by_pair[("cancel", "promo")]
    assert (pair.both, pair.count_a, pair.count_b, pair.calls) == (4, 6, 5, 10)
    assert pair.p_b_given_a == pytest.approx(4 / 6)
    assert pair.p_a_given_b == pytest.approx(4 / 5)
    assert pair.lift == pytest.approx(4 * 10 / (6 * 5))
    # P(X ≥ 4), X hypergeometric (10 calls, 6 with A, 5 with B): (C(5,4)·C(5,2) + C(5,5)·C(5,1))
    # / C(10,6) = 55/210; as scipy's one-sided Fisher test on [[4, 2], [1, 3]].
    assert pair.p_value == pytest.approx(55 / 210)
    assert pair.p_value == pytest.approx(fisher_exact([[4, 2], [1, 3]], "greater")[1])
    # Benjamini–Hochberg over the 3 pairs (promo–other never together, p = 1): 55/210 · 3/1.
    assert pair.p_adjusted == pytest.approx(55 / 70)
    other_pair = by_pair[("cancel", "other")]
    assert (other_pair.both, other_pair.count_a, other_pair.count_b) == (1, 6, 3)
    assert other_pair.p_value == pytest.approx(1 - 7 / 210)  # 1 − P(X = 0)
    assert other_pair.p_adjusted == pytest.approx(1.0)
    assert pair.strongest == (promo, cancel, pytest.approx(0.8))


def test_category_keeps_pairs_with_one_of_its_tags() -> None:
    orders = TagCategoryFactory(name="Заказы")
    cancel = TagFactory(code="cancel", category=orders)
    promo, other = TagFactory(code="promo"), TagFactory(code="other")
    _calls((cancel, promo), (promo, other), (cancel,))
    result = cooccurrence(date_from=DAY_FROM, date_to=DAY_TO, category=orders)
    assert [(p.tag_a.code, p.tag_b.code) for p in result.pairs] == [("cancel", "promo")]
    # cancel with each of the two others: 2 pairs in the family.
    assert result.tested == 2


def test_strong_pairs() -> None:
    cancel, promo, other = TagFactory(code="cancel"), TagFactory(code="promo"), TagFactory()
    _calls(*[(cancel, promo)] * 8, (cancel,), *[(other,)] * 21)
    strong = strong_pairs(date_from=DAY_FROM, date_to=DAY_TO)
    assert [(p.tag_a.code, p.tag_b.code) for p in strong] == [("cancel", "promo")]
    assert strong[0].strongest == (promo, cancel, 1.0)
    assert strong_pairs(date_from=DAY_FROM, date_to=DAY_TO, min_conditional=1.01) == []

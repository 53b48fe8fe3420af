import pytest

from calls.mining.phrasings import (
    Cluster,
    Customers,
    Gram,
    Measure,
    cluster_grams,
    evidence_list,
    merge_by_calls,
    recurring_phrasings,
    segment_rows,
)
from calls.models import Call, Segment
from tests.factories import call_with_segments

# «промокод не применился» is said in three calls, always together; «заказ» and «сегодня» are
# everywhere, so «заказ сегодня», said in three calls too, is mostly chance.
ROWS = [
    (1, 0.0, "промокод не применился к заказу сегодня"),
    (2, 5.0, "промокод не применился, заказ сегодня"),
    (3, 2.0, "снова промокод не применился"),
    (4, 0.0, "заказ сегодня привезут"),
    (5, 0.0, "заказ принесли, сегодня вечером"),
    (6, 0.0, "сегодня заказ, заказ сегодня"),
    (7, 0.0, "курьер сегодня, заказ тоже"),
]
PROMO = ("промокод", "не", "примениться")


def test_recurring_phrasings_keep_what_is_said_in_enough_calls() -> None:
    grams = recurring_phrasings(ROWS, min_calls=3, measure=Measure.CALLS)
    by_lemmas = {g.lemmas: g for g in grams}
    promo = by_lemmas[PROMO]
    assert promo.calls == {1, 2, 3} and promo.score == 3.0
    assert promo.moments == {1: 0.0, 2: 5.0, 3: 2.0}
    assert promo.surface == "промокод не применился"
    assert promo.examples[0] == {"call": 1, "t": 0.0, "text": ROWS[0][2]}
    assert all(len(g.calls) >= 3 for g in grams)


@pytest.mark.parametrize("measure", [Measure.PMI, Measure.LIKELIHOOD_RATIO])
def test_association_measures_rank_a_phrasing_above_chance_neighbours(measure: Measure) -> None:
    grams = recurring_phrasings(ROWS, min_calls=3, measure=measure)
    order = [g.lemmas for g in grams]
    assert order[0] == PROMO and order[-1] == ("заказ", "сегодня")
    # By calls alone the chance pair comes first: it is said in more calls.
    by_calls = [g.lemmas for g in recurring_phrasings(ROWS, min_calls=3, measure=Measure.CALLS)]
    assert by_calls[0] == ("заказ", "сегодня")


def test_known_phrasings_are_left_out() -> None:
    grams = recurring_phrasings(ROWS, min_calls=3, known=lambda lemmas: "промокод" in lemmas)
    assert not any("промокод" in g.lemmas for g in grams)


def test_clusters_join_shared_lemmas_then_shared_calls() -> None:
    first = Gram(("доставка", "долгий"), calls={1, 2, 3}, score=3)
    second = Gram(("долгий", "доставка", "ждать"), calls={4}, score=1)
    other = Gram(("курьер", "приехать"), calls={1, 2}, score=2)
    far = Gram(("цена", "высокий"), calls={7, 8}, score=2)
    clusters = cluster_grams([second, other, first, far])
    assert [c.seed for c in clusters] == [first, other, far]
    assert clusters[0].calls == {1, 2, 3, 4}
    merged = merge_by_calls(clusters)
    assert [c.seed for c in merged] == [first, far]
    assert merged[0].grams == [first, second, other]


def test_a_cluster_quotes_one_example_per_call() -> None:
    a = Gram(("a", "b"))
    a.add(call_id=1, surface="a b", t=1.0, text="a b")
    a.add(call_id=1, surface="a b", t=9.0, text="a b again")
    b = Gram(("a", "b", "c"))
    b.add(call_id=1, surface="a b c", t=3.0, text="a b c")
    b.add(call_id=2, surface="a b c", t=4.0, text="a b c too")
    cluster = Cluster(seed=a, grams=[a, b], calls={1, 2})
    assert cluster.moments() == {1: 1.0, 2: 4.0}
    assert [e["call"] for e in cluster.examples()] == [1, 2]
    assert evidence_list(cluster.moments()) == [[1, 1.0], [2, 4.0]]


def test_segment_rows_of_a_speaker_without_excluded_segments(db: None) -> None:
    call = call_with_segments(
        ("operator", "Здравствуйте"), ("customer", "промокод"), ("customer", "не работает")
    )
    rows = list(segment_rows(Call.objects.all(), speaker="customer"))
    assert rows == [(call.pk, 5.0, "промокод"), (call.pk, 10.0, "не работает")]
    excluded = Segment.objects.filter(text="промокод")
    rows = list(segment_rows(Call.objects.all(), speaker="customer", exclude_segments=excluded))
    assert rows == [(call.pk, 10.0, "не работает")]


def test_customers_count_keys_and_keyless_calls(db: None) -> None:
    one = call_with_segments(customer_key="k1")
    two = call_with_segments(customer_key="k1")
    keyless = call_with_segments()
    customers = Customers(Call.objects.all(), minimum=2)
    assert customers.count([one.pk, two.pk]) == 1 and not customers.enough([one.pk, two.pk])
    assert customers.enough([one.pk, keyless.pk])

"""Agreement per tag and overall on constructed annotations, checked against the reference
libraries on the same binary items."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from django.test import override_settings
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from calls.taxonomy.agreement.services import (
    agreement_report,
    low_agreement_tags,
    tag_agreement,
)
from project.roles import Role
from tests.calls.taxonomy.agreement.annotations import answer, campaign
from tests.factories import CallFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def _alpha(rows: list[list[float]]) -> float:
    return float(
        krippendorff.alpha(
            reliability_data=np.array(rows, dtype=float),
            level_of_measurement="nominal",
            value_domain=[0, 1],
        )
    )


@pytest.fixture
def two_annotators() -> dict:
    """Two trainers answer six calls about two tags; the fifth call: none applies for both."""
    delay, refund = TagFactory(name="Задержка доставки"), TagFactory(name="Возврат")
    anna = UserFactory(username="anna", role=Role.TRAINER)
    boris = UserFactory(username="boris", role=Role.TRAINER)
    run = campaign(annotators=[anna, boris])
    calls = [CallFactory() for _ in range(6)]
    labels = {  # call index → (anna's tags, boris's tags)
        0: ([delay], [delay]),
        1: ([delay], []),
        2: ([delay, refund], [refund]),
        3: ([refund], [refund]),
        4: ([], []),
        5: ([refund], [delay]),
    }
    for index, (mine, theirs) in labels.items():
        answer(run, calls[index], anna, mine)
        answer(run, calls[index], boris, theirs)
    return {
        "delay": delay,
        "refund": refund,
        "anna": anna,
        "boris": boris,
        "campaign": run,
        "calls": calls,
        "labels": labels,
    }


def test_two_annotators_get_cohens_kappa_per_tag_and_overall(two_annotators: dict) -> None:
    world = two_annotators
    report = agreement_report(campaign=world["campaign"])
    by_tag = {row.tag: row for row in report.tags}
    for tag in (world["delay"], world["refund"]):
        first = [tag in world["labels"][i][0] for i in range(6)]
        second = [tag in world["labels"][i][1] for i in range(6)]
        row = by_tag[tag]
        assert row.items == 6 and row.cohen_items == 6
        assert row.cohen_kappa == pytest.approx(cohen_kappa_score(first, second))
        assert row.coefficient == row.cohen_kappa
        assert row.krippendorff_alpha == pytest.approx(_alpha([first, second]))
    # By hand: delay agrees on 3 of 6 with p_e = ½·⅓ + ½·⅔ = ½ → κ = 0; refund on 5 of 6 with
    # the same p_e → κ = (⅚ − ½) / ½ = ⅔.
    assert by_tag[world["delay"]].cohen_kappa == pytest.approx(0.0)
    assert by_tag[world["delay"]].band == "слабое"
    assert by_tag[world["refund"]].cohen_kappa == pytest.approx(2 / 3)
    assert by_tag[world["refund"]].band == "существенное"
    # Overall: the 12 (call, tag) items pooled.
    tags = [world["delay"], world["refund"]]
    first = [t in world["labels"][i][0] for i in range(6) for t in tags]
    second = [t in world["labels"][i][1] for i in range(6) for t in tags]
    assert report.overall.items == 12
    assert report.overall.cohen_kappa == pytest.approx(cohen_kappa_score(first, second))
    assert report.overall.krippendorff_alpha == pytest.approx(_alpha([first, second]))
    assert report.overall.applies == "cohen_kappa"
    assert report.overall.fleiss_raters == 2
    assert [user.username for user in report.annotators] == ["anna", "boris"]


def test_disagreements_side_by_side_with_who_chose_what(two_annotators: dict) -> None:
    world = two_annotators
    [delay] = [
        row for row in tag_agreement(campaign=world["campaign"]) if row.tag == world["delay"]
    ]
    calls = world["calls"]
    assert delay.disagreement_call_ids == [calls[1].pk, calls[2].pk, calls[5].pk]
    third = delay.disagreements[1]
    assert [(a.annotator.username, a.chose) for a in third.answers] == [
        ("anna", True),
        ("boris", False),
    ]
    assert [t.name for t in third.answers[0].tags] == ["Возврат", "Задержка доставки"]
    assert [t.name for t in third.answers[1].tags] == ["Возврат"]
    assert delay.chosen == 4


def test_low_agreement_tags_below_the_threshold(two_annotators: dict) -> None:
    world = two_annotators
    assert [row.tag for row in low_agreement_tags(campaign=world["campaign"])] == [world["delay"]]
    low = low_agreement_tags(threshold=0.7, campaign=world["campaign"])
    assert [row.tag for row in low] == [world["delay"], world["refund"]]  # lowest first
    with override_settings(TAG_AGREEMENT_THRESHOLD=-0.5):
        assert low_agreement_tags(campaign=world["campaign"]) == []


def test_without_a_campaign_only_closed_campaigns_count(two_annotators: dict) -> None:
    world = two_annotators
    still_open = campaign("Идёт", closed=False, annotators=[world["anna"]])
    answer(still_open, CallFactory(), world["anna"], [world["delay"]])
    report = agreement_report()
    assert set(report.call_ids) == {call.pk for call in world["calls"]}
    assert len(agreement_report(campaign=still_open).call_ids) == 1


def test_three_annotators_get_fleiss_on_calls_with_the_common_count() -> None:
    tag = TagFactory()
    people = [UserFactory(role=Role.TRAINER) for _ in range(3)]
    run = campaign(annotators=people)
    rows = [(1, 1, 1), (1, 1, 0), (0, 0, 0), (1, 0, 0), (0, 0, 1)]
    calls = [CallFactory() for _ in range(len(rows) + 1)]
    for call, row in zip(calls, rows, strict=False):
        for person, chose in zip(people, row, strict=True):
            answer(run, call, person, [tag] if chose else [])
    # The last call was answered by two of them only: no Fleiss item, a Krippendorff unit.
    answer(run, calls[-1], people[0], [tag])
    answer(run, calls[-1], people[1], [])
    [row] = [r for r in tag_agreement(campaign=run) if r.tag == tag]
    table = np.array([[3 - sum(r), sum(r)] for r in rows])
    assert row.applies == "fleiss_kappa"
    assert row.fleiss_items == 5 and row.fleiss_raters == 3 and row.items == 6
    assert row.fleiss_kappa == pytest.approx(fleiss_kappa(table))
    assert row.coefficient == row.fleiss_kappa
    assert row.cohen_kappa is None
    data = [[float(r[k]) for r in rows] + [np.nan] for k in range(3)]
    data[0][-1], data[1][-1] = 1.0, 0.0
    assert row.krippendorff_alpha == pytest.approx(_alpha(data))


def test_a_tag_nobody_chose_is_undefined_and_not_flagged(two_annotators: dict) -> None:
    world = two_annotators
    unused = TagFactory(name="Никто не выбрал")
    [row] = [r for r in tag_agreement(campaign=world["campaign"]) if r.tag == unused]
    assert row.cohen_kappa is None and row.krippendorff_alpha is None
    assert row.band is None and row.percent == 1.0
    assert unused not in [r.tag for r in low_agreement_tags(campaign=world["campaign"])]


def test_one_annotator_has_no_kappa() -> None:
    tag = TagFactory()
    solo = UserFactory(role=Role.TRAINER)
    run = campaign(annotators=[solo])
    answer(run, CallFactory(), solo, [tag])
    report = agreement_report(campaign=run)
    assert report.overall.applies is None and report.overall.coefficient is None
    assert report.overall.items == 0
    assert agreement_report(campaign=campaign("Пустая")).tags == ()

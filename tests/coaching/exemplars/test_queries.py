"""The candidates' order and filters, with the known answers of the conftest table."""

from __future__ import annotations

import pytest

from coaching.exemplars.queries import (
    Filters,
    Kind,
    best_scores,
    call_totals,
    candidates,
    objections_handled,
    rejections,
    resolved_fastest,
)
from coaching.models import Evaluation
from tests.coaching.exemplars.conftest import Library, evaluate_skill
from tests.factories import ExemplarFactory


def _moments(found: list) -> list[tuple[int, str | None]]:
    return [(c.call.pk, c.skill.code if c.skill else None) for c in found]


def test_call_totals_weigh_yes_and_points_and_skip_not_applicable(library: Library) -> None:
    totals = call_totals(Evaluation.objects.filter(status=Evaluation.Status.SUBMITTED))
    assert totals == {library.c1.pk: pytest.approx(200 / 3), library.c2.pk: pytest.approx(90)}


def test_best_scores_highest_total_first_and_drafts_left_out(library: Library) -> None:
    found = best_scores(library.trainer, Filters())
    assert _moments(found) == [(library.c2.pk, "need"), (library.c1.pk, "need"),
                               (library.c1.pk, "greeting")]
    assert found[0].start == 5 and found[0].total == pytest.approx(90)


def test_resolved_fastest_shortest_good_outcome_first(library: Library) -> None:
    found = resolved_fastest(library.trainer, Filters())
    assert _moments(found) == [(library.c3.pk, "need"), (library.c2.pk, "need"),
                               (library.c1.pk, "need"), (library.c1.pk, "greeting")]


def test_objection_handled_only_answered_not_raised_again_in_a_good_call(
        library: Library) -> None:
    found = objections_handled(library.trainer, Filters())
    assert [c.call.pk for c in found] == [library.c3.pk]
    assert (found[0].start, found[0].end) == (3.5, 8)
    assert found[0].objection == library.price


def test_filters_by_skill_objection_and_kind(library: Library) -> None:
    need = Filters(skill=library.need)
    assert _moments(best_scores(library.trainer, need)) == [(library.c2.pk, "need"),
                                                            (library.c1.pk, "need")]
    price = Filters(objection=library.price)
    # Of the calls where the price came up, only c3 ended well with a skill shown.
    assert _moments(resolved_fastest(library.trainer, price)) == [(library.c3.pk, "need")]
    assert best_scores(library.trainer, price) == []
    assert objections_handled(library.trainer, Filters(skill=library.greeting)) == []
    only = candidates(library.trainer, Filters(kind=Kind.OBJECTION))
    assert {c.kind for c in only} == {Kind.OBJECTION}


def test_a_manager_gets_candidates_of_their_teams_calls_only(library: Library) -> None:
    found = candidates(library.manager, Filters())
    assert {c.call.pk for c in found} == {library.c1.pk, library.c2.pk}
    assert _moments(resolved_fastest(library.manager, Filters(skill=library.need))) == [
        (library.c2.pk, "need"), (library.c1.pk, "need")]


def test_rejections_follow_the_latest_deciding_evaluation(library: Library) -> None:
    on_c1 = ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14)
    on_c2 = ExemplarFactory(call=library.c2, skill=library.need, start=5, end=9)
    about_objection = ExemplarFactory(call=library.c3, skill=None, objection=library.price)
    assert rejections([on_c1, on_c2, about_objection]) == {}
    evaluate_skill(library.c1, library.need, library.trainer, "na")
    evaluate_skill(library.c2, library.need, library.trainer, "no", reason="Не тот вопрос")
    found = rejections([on_c1, on_c2, about_objection])
    assert set(found) == {on_c1.pk, on_c2.pk}
    assert found[on_c1.pk].answer_label == "неприменимо"
    assert (found[on_c2.pk].answer_label, found[on_c2.pk].reason) == ("нет", "Не тот вопрос")
    # A later evaluation that says «да» brings the moment back: nothing was deleted.
    evaluate_skill(library.c2, library.need, library.trainer, "yes")
    assert set(rejections([on_c1, on_c2])) == {on_c1.pk}


def test_candidates_leave_out_moments_an_evaluator_rejected(library: Library) -> None:
    evaluate_skill(library.c3, library.need, library.trainer, "no")
    fastest = resolved_fastest(library.trainer, Filters())
    assert library.c3 not in [c.call for c in fastest]
    assert library.c2 in [c.call for c in fastest]

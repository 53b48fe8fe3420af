"""The human answer wins on the map, the team's pages and the cohorts, as in a cycle's measure.

On the competency fixture (conftest.py): a's need in November is 3 shown, 2 not shown, 1 not
applicable, so 60 (3/5); b's 1/2 (50), c's 2/2 (100). Evaluations below change a's calls with
known answers.
"""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import Call
from coaching.cohorts.queries import cohort_comparison
from coaching.competency.queries import (
    competency_map,
    outcome_calls,
    skill_calls,
    team_map,
    team_medians,
)
from coaching.cycles.measure import measure
from coaching.models import CalibrationSession, Evaluation, SkillResult
from coaching.models.evaluations import Answer
from tests.coaching.competency.conftest import BEFORE, IN_PERIOD, Competency
from tests.coaching.competency.test_queries import NOVEMBER
from tests.coaching.cycles.conftest import evaluate
from tests.factories import CallFactory, client_for

SHOWN, NOT_SHOWN = SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN


def _calls(competency: Competency, status: str) -> list[Call]:
    return [result.call for result in SkillResult.objects.filter(
        call__operator=competency.a, skill=competency.need, status=status,
        call__started_at=IN_PERIOD, call__status=Call.Status.ANALYSED).order_by("pk")]


def _need(competency: Competency) -> tuple[int, int]:
    need = competency_map(operator=competency.a, period=NOVEMBER)[0]
    return need.shown, need.not_shown


def test_a_submitted_yes_turns_a_skipped_call_shown(competency: Competency) -> None:
    flipped = _calls(competency, NOT_SHOWN)[0]
    evaluate(flipped, competency.need, Answer.YES)
    need = competency_map(operator=competency.a, period=NOVEMBER)[0]
    assert (need.shown, need.not_shown, need.score) == (4, 1, pytest.approx(80))
    # The team's median of (80, 50, 100) and the heat table follow.
    assert need.team_median == pytest.approx(80)
    assert team_medians(operator=competency.a, period=NOVEMBER)[competency.need.pk] == 80
    score = team_map(operators=[competency.a, competency.b], period=NOVEMBER)[
        (competency.a.pk, competency.need.pk)]
    assert (score.shown, score.not_shown) == (4, 1)
    # The same calls as a cycle's measure over the month.
    sample = measure(operator=competency.a, skill=competency.need, date_from=date(2026, 11, 1),
                     date_to=date(2026, 11, 30))
    assert (sample.shown, sample.calls) == (4, 5)


def test_not_applicable_leaves_a_shown_call_out(competency: Competency) -> None:
    evaluate(_calls(competency, SHOWN)[0], competency.need, Answer.NOT_APPLICABLE)
    need = competency_map(operator=competency.a, period=NOVEMBER)[0]
    assert (need.shown, need.calls, need.score) == (2, 4, pytest.approx(50))


def test_points_split_at_the_middle_of_the_scale(competency: Competency) -> None:
    evaluate(_calls(competency, SHOWN)[0], competency.need, Answer.POINTS, points=40)
    evaluate(_calls(competency, NOT_SHOWN)[0], competency.need, Answer.POINTS, points=50)
    assert _need(competency) == (3, 2)
    evaluate(_calls(competency, SHOWN)[1], competency.need, Answer.POINTS, points=49)
    assert _need(competency) == (2, 3)


def test_drafts_calibrations_and_other_periods_change_nothing(competency: Competency) -> None:
    skipped = _calls(competency, NOT_SHOWN)
    evaluate(skipped[0], competency.need, Answer.YES, status=Evaluation.Status.DRAFT)
    calibration = evaluate(skipped[1], competency.need, Answer.YES).scorecard
    Evaluation.objects.filter(call=skipped[1]).delete()
    evaluate(skipped[1], competency.need, Answer.YES, calibration=CalibrationSession.objects.create(
        name="Калибровка", scorecard=calibration))
    # October's call and a call not analysed yet are outside November's map anyway.
    october = SkillResult.objects.get(call__operator=competency.a, call__started_at=BEFORE).call
    evaluate(october, competency.need, Answer.YES)
    unanalysed = SkillResult.objects.get(call__operator=competency.a,
                                         call__status=Call.Status.TRANSCRIBED).call
    evaluate(unanalysed, competency.need, Answer.YES)
    assert _need(competency) == (3, 2)
    assert not skill_calls(operator=competency.a, skill=competency.need, period=NOVEMBER,
                           status=SHOWN).filter(by_evaluation=True).exists()


def test_the_latest_evaluation_and_calls_without_a_result_count(competency: Competency) -> None:
    call = _calls(competency, SHOWN)[0]
    evaluate(call, competency.need, Answer.YES)
    evaluate(call, competency.need, Answer.NO)
    # The analyser gave no result for need here: the evaluator's «нет» still counts.
    bare = CallFactory(operator=competency.a, started_at=IN_PERIOD)
    evaluate(bare, competency.need, Answer.NO)
    # And the analysers' «not applicable» call, answered «да».
    na = SkillResult.objects.get(call__operator=competency.a, skill=competency.need,
                                 status=SkillResult.Status.NOT_APPLICABLE).call
    evaluate(na, competency.need, Answer.YES)
    assert _need(competency) == (3, 4)


def test_the_calls_behind_a_number_follow_the_counts(competency: Competency) -> None:
    shown_call = _calls(competency, SHOWN)[0]
    SkillResult.objects.filter(call=shown_call).update(start=12.5, text="для чего вам тариф")
    evaluate(shown_call, competency.need, Answer.YES)  # agrees: the moment stays
    flipped = _calls(competency, SHOWN)[1]
    evaluate(flipped, competency.need, Answer.NO)
    bare = CallFactory(operator=competency.a, started_at=IN_PERIOD)
    evaluate(bare, competency.need, Answer.YES)
    assert _need(competency) == (3, 3)
    shown = list(skill_calls(operator=competency.a, skill=competency.need, period=NOVEMBER,
                             status=SHOWN))
    skipped = list(skill_calls(operator=competency.a, skill=competency.need, period=NOVEMBER,
                               status=NOT_SHOWN))
    assert (len(shown), len(skipped)) == (3, 3)
    assert {call.pk for call in shown if call.by_evaluation} == {shown_call.pk, bare.pk}
    assert flipped.pk in {call.pk for call in skipped if call.by_evaluation}
    by_pk = {call.pk: call for call in shown + skipped}
    assert (by_pk[shown_call.pk].moment, by_pk[shown_call.pk].evidence) == (
        12.5, "для чего вам тариф")
    assert by_pk[bare.pk].moment is None and by_pk[flipped.pk].moment is None
    both = outcome_calls(period=NOVEMBER, skill=competency.need, statuses=[SHOWN, NOT_SHOWN],
                         operator=competency.a)
    assert both.count() == 6

    page = client_for(competency.a.user).get(
        "/coaching/operators/a/skills/need/calls/",
        {"status": "shown", "date_from": "2026-11-01", "date_to": "2026-11-30"})
    assert page.context["page"].paginator.count == 3
    html = page.content.decode()
    assert html.count("data-by-evaluation") == 2 and "по оценке" in html
    assert f"/calls/{shown_call.pk}/#t=12.5" in html


def test_cohorts_count_the_human_answer(competency: Competency) -> None:
    competency.a.hired_on = date(2026, 10, 1)
    competency.b.hired_on = competency.c.hired_on = date(2020, 1, 1)
    for operator in (competency.a, competency.b, competency.c):
        operator.save(update_fields=["hired_on"])
    evaluate(_calls(competency, NOT_SHOWN)[0], competency.need, Answer.YES)
    comparison = cohort_comparison(operators=[competency.a, competency.b, competency.c],
                                   period=NOVEMBER, months=6)
    [need] = [row for row in comparison.rows if row.skill == competency.need]
    assert (need.new.shown, need.new.not_shown) == (4, 1)
    assert (need.experienced.shown, need.experienced.not_shown) == (3, 1)
    staff = client_for(competency.team.manager).get(
        "/coaching/cohorts/calls/", {"date_from": "2026-11-01", "date_to": "2026-11-30",
                                     "cohort": "new", "skill": "need", "status": "shown"})
    assert staff.context["page"].paginator.count == 4
    assert "по оценке" in staff.content.decode()

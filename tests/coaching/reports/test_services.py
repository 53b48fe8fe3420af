"""Generating a report (its snapshot numbers), sharing it and commenting on it."""

from __future__ import annotations

import pytest

from coaching.models import CoachingCycle, PersonalReport, SkillResult
from coaching.models.evaluations import Answer
from coaching.reports.services import comment_add, report_generate, report_share
from project.errors import DomainError
from project.roles import Role
from tests.coaching.competency.conftest import IN_PERIOD, Competency, _results
from tests.coaching.cycles.conftest import evaluate
from tests.coaching.reports.conftest import NOVEMBER, Moments
from tests.factories import CoachingCycleFactory, PersonalReportFactory, UserFactory

CALLS = "/coaching/operators/a/skills/{skill}/calls/?status={status}"
PERIOD = "&date_from=2026-11-01&date_to=2026-11-30"


def _report(competency: Competency) -> PersonalReport:
    return report_generate(operator=competency.a, date_from=NOVEMBER[0], date_to=NOVEMBER[1],
                           created_by=competency.team.manager)


def test_report_keeps_each_skills_numbers_with_the_calls_behind_them(
        competency: Competency, moments: Moments) -> None:
    report = _report(competency)
    need, greeting = report.content["skills"]  # the inactive skill stays out
    assert need["code"] == "need" and need["name"] == "Уточнение потребности"
    assert (need["score"], need["calls"], need["shown"], need["not_shown"]) == (60, 5, 3, 2)
    assert need["skipped_share"] == pytest.approx(0.4)
    assert need["interval"]["low"] == pytest.approx(23.07, abs=0.01)
    assert need["interval"]["high"] == pytest.approx(88.24, abs=0.01)
    assert need["team_median"] == 60 and need["enough_data"] is True
    assert need["shown_href"] == CALLS.format(skill="need", status="shown") + PERIOD
    assert need["skipped_href"] == CALLS.format(skill="need", status="not_shown") + PERIOD
    assert (greeting["score"], greeting["calls"], greeting["team_median"]) == (100, 5, 100)
    assert greeting["interval"]["high"] == pytest.approx(100)


def test_report_sentence_strengths_and_growth_points(
        competency: Competency, moments: Moments) -> None:
    content = _report(competency).content
    assert content["summary"] == (
        "Вы блестяще справляетесь с навыком «Приветствие» (100% звонков), но в 40% звонков "
        "пропускаете этап «Уточнение потребности».")
    links = [(f["text"], f["href"]) for f in content["sentence"] if f["href"]]
    assert links == [("100% звонков", CALLS.format(skill="greeting", status="shown") + PERIOD),
                     ("40% звонков", CALLS.format(skill="need", status="not_shown") + PERIOD)]
    assert [s["code"] for s in content["strengths"]] == ["greeting"]
    [growth] = content["growth"]
    assert (growth["code"], growth["not_shown"], growth["calls"]) == ("need", 2, 5)


def test_report_numbers_follow_the_evaluators_answers(
        competency: Competency, moments: Moments) -> None:
    # Two of a's three calls the analyser found need in, an evaluator heard without it.
    for result in SkillResult.objects.filter(
            call__operator=competency.a, skill=competency.need, status=SkillResult.Status.SHOWN,
            call__started_at=IN_PERIOD).order_by("pk")[:2]:
        evaluate(result.call, competency.need, Answer.NO)
    content = _report(competency).content
    need = content["skills"][0]
    assert (need["score"], need["calls"], need["shown"], need["not_shown"]) == (20, 5, 1, 4)
    assert content["summary"] == (
        "Вы блестяще справляетесь с навыком «Приветствие» (100% звонков), но в 80% звонков "
        "пропускаете этап «Уточнение потребности».")


def test_growth_point_offers_colleagues_moments_the_author_sees_without_their_numbers(
        competency: Competency, moments: Moments) -> None:
    [growth] = _report(competency).content["growth"]
    # The trainer's kept moment first, then the analyser's; d is not the manager's team and a's
    # own moment is no colleague's.
    assert growth["exemplars"] == [
        {"call": moments.kept.call_id, "start": 30.0, "text": "уточнила, для чего тариф",
         "skill": "Уточнение потребности"},
        {"call": moments.colleague.call_id, "start": 12.5, "text": "что именно вам нужно",
         "skill": "Уточнение потребности"},
    ]
    trainer = UserFactory(role=Role.TRAINER)
    by_trainer = report_generate(operator=competency.a, date_from=NOVEMBER[0],
                                 date_to=NOVEMBER[1], created_by=trainer)
    calls = [m["call"] for m in by_trainer.content["growth"][0]["exemplars"]]
    assert calls == [moments.kept.call_id, moments.other_team.call_id,
                     moments.colleague.call_id]


def test_report_keeps_its_numbers_after_more_calls(competency: Competency,
                                                   moments: Moments) -> None:
    report = _report(competency)
    _results(competency.a, competency.need, SkillResult.Status.SHOWN, 5, started_at=IN_PERIOD)
    report.refresh_from_db()
    assert report.content["skills"][0]["score"] == 60


def test_period_must_be_ordered(competency: Competency) -> None:
    with pytest.raises(DomainError, match="Конец периода раньше его начала"):
        report_generate(operator=competency.a, date_from=NOVEMBER[1], date_to=NOVEMBER[0],
                        created_by=competency.team.manager)


def test_share_once_by_the_operators_manager(competency: Competency) -> None:
    report = PersonalReportFactory(operator=competency.a)
    report_share(report=report, user=competency.team.manager)
    first = report.shared_at
    assert first is not None
    report_share(report=report, user=competency.team.manager)
    assert report.shared_at == first
    for user in (competency.a.user, competency.other_team.manager):
        with pytest.raises(DomainError):
            report_share(report=PersonalReportFactory(operator=competency.a), user=user)


def test_sharing_is_the_report_step_of_the_operators_listening_cycles(
        competency: Competency) -> None:
    listening = CoachingCycleFactory(operator=competency.a, skill=competency.need)
    trained = CoachingCycleFactory(operator=competency.a, skill=competency.greeting,
                                   stage=CoachingCycle.Stage.TRAIN)
    colleague = CoachingCycleFactory(operator=competency.b, skill=competency.need)
    report = report_share(report=PersonalReportFactory(operator=competency.a),
                          user=competency.team.manager)
    for cycle in (listening, trained, colleague):
        cycle.refresh_from_db()
    assert (listening.stage, listening.report) == (CoachingCycle.Stage.REPORT, report)
    assert (trained.stage, trained.report) == (CoachingCycle.Stage.TRAIN, None)
    assert colleague.stage == CoachingCycle.Stage.LISTEN


def test_comments_by_the_operator_once_shared_and_by_their_manager(
        competency: Competency) -> None:
    report = PersonalReportFactory(operator=competency.a)
    with pytest.raises(DomainError):
        comment_add(report=report, author=competency.a.user, text="Вижу")
    report_share(report=report, user=competency.team.manager)
    comment_add(report=report, author=competency.a.user, text="  Поработаю над этим. ")
    comment_add(report=report, author=competency.team.manager, text="Разберём в четверг.")
    assert list(report.comments.values_list("text", flat=True)) == [
        "Поработаю над этим.", "Разберём в четверг."]
    with pytest.raises(DomainError, match="Комментарий пуст"):
        comment_add(report=report, author=competency.a.user, text="   ")
    for outsider in (competency.b.user, competency.other_team.manager):
        with pytest.raises(DomainError):
            comment_add(report=report, author=outsider, text="Чужой")
    assert report.comments.count() == 2

"""The demo of the coaching cycle: a month and a half of Dmitry's calls (the newcomer) around a
training on clarifying the customer's need, trainer evaluations and a calibration, so `make run`
shows every coaching page filled.

The calls (demo/cycle_calls.json) are transcripts, imported like the library's sales calls and
analysed right away, so the evaluations start from what the analyser found. In the 12 calls
before the training Dmitry asks what the customer needs in 3; in the 12 after it, in 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from calls.demo.dialogs import DEMO_TZ, load_dialogs
from calls.models import Call, Operator
from calls.pipeline import call_analyse
from calls.transcripts import call_import_transcript
from coaching.cycles.results import cycle_record_result
from coaching.cycles.services import cycle_start
from coaching.demo import DEMO_CYCLE_CALLS, DEMO_SUMMARY_CALLS
from coaching.evaluations.services import (
    calibration_create,
    comment_add,
    evaluation_start,
    evaluation_submit,
    score_set,
)
from coaching.exemplars.services import exemplar_add
from coaching.models import (
    CalibrationSession,
    CoachingCycle,
    Evaluation,
    Exemplar,
    ScorecardTemplate,
    Skill,
    SkillResult,
)
from coaching.models.evaluations import Answer
from coaching.reports.services import comment_add as report_comment_add
from coaching.reports.services import report_generate, report_share
from coaching.trainings.services import training_create, training_mark_held
from scripts_library.demo.loading import transcript_record

# The finished cycle's dates, in days before today (demo/cycle_calls.json is dated the same way):
# the baseline calls run from 40 to 29 days ago (the baseline ends 27 days ago, before a sales call
# of his), the training 25 days ago, the control calls from 24 to 13 days ago, so the control fell
# due 11 days ago.
BASELINE_DAYS_AGO = (40, 27)
TRAINING_DAYS_AGO = 25
# A second training whose control is two days overdue: the cycles page has something due. Its
# cycles listen to the 30 days before it, where Anna and Igor have five calls each
# (demo/summary_calls.json; summarised in one of them), so no cycle has an empty baseline.
OVERDUE_TRAINING_DAYS_AGO = 16

# The free-standing criterion («Говорил доброжелательно…») is scored in points.
FRIENDLY_POINTS = (90, 70, 85, 60, 95, 80, 75)
CALIBRATION_NAME = "Калибровка: звонки Дмитрия до обучения"


@dataclass
class DemoCoachingReport:
    calls: list[Call] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    calibration: CalibrationSession | None = None


def demo_import_cycle_calls(*, today: date | None = None) -> list[Call]:
    """Import the cycles' calls (idempotent by external id): Dmitry's, returned, and Anna's and
    Igor's before their training on summarising; then analyse every call that waits for analysis
    now (these and the library's sales calls, both transcripts): the evaluations and the cycles'
    results read what the analysers found."""
    today = today or timezone.localdate(timezone=DEMO_TZ)
    for dialog in load_dialogs(DEMO_SUMMARY_CALLS):
        call_import_transcript(record=transcript_record(dialog, today=today))
    calls = [call_import_transcript(record=transcript_record(dialog, today=today)).call
             for dialog in load_dialogs(DEMO_CYCLE_CALLS)]
    for call_id in Call.objects.filter(status=Call.Status.TRANSCRIBED).values_list("pk",
                                                                                  flat=True):
        call_analyse(call_id=call_id)
    return calls


def _evaluate(*, call: Call, scorecard: ScorecardTemplate, evaluator: User, index: int,
              calibration: CalibrationSession | None = None) -> Evaluation:
    evaluation = evaluation_start(call=call, scorecard=scorecard, evaluator=evaluator,
                                  calibration=calibration)
    if evaluation.status == Evaluation.Status.SUBMITTED:
        return evaluation
    for score in evaluation.scores.select_related("criterion"):
        if score.answer:
            continue
        if score.criterion.skill_id is None:
            # Two evaluators differ a little on the free-standing criterion, as people do.
            points = FRIENDLY_POINTS[(index + evaluator.pk) % len(FRIENDLY_POINTS)]
            score_set(score=score, answer=Answer.POINTS, points=points, user=evaluator)
        else:
            score_set(score=score, answer=Answer.NOT_APPLICABLE, user=evaluator)
    first = call.segments.order_by("start").first()
    if first is not None and calibration is None:
        comment_add(evaluation=evaluation, author=evaluator, at=first.start,
                    text="Приветствие по стандарту; дальше сразу к решению — "
                         "спросите, что именно нужно клиенту.")
    return evaluation_submit(evaluation=evaluation, user=evaluator)


@transaction.atomic
def demo_load_evaluations(*, calls: list[Call]) -> DemoCoachingReport:
    """The trainer's evaluations of the first calls of each period and a closed calibration of
    two baseline calls by the trainer and the admin; nothing when evaluations exist already."""
    report = DemoCoachingReport(calls=calls)
    scorecard = ScorecardTemplate.objects.filter(active=True).order_by("pk").first()
    if scorecard is None or Evaluation.objects.exists() or not calls:
        return report
    trainer = User.objects.get(username="trainer")
    admin = User.objects.get(username="admin")
    before, after = calls[:12], calls[12:]
    for index, call in enumerate(before[:4] + after[:3]):
        report.evaluations.append(_evaluate(call=call, scorecard=scorecard, evaluator=trainer,
                                            index=index))
    session = calibration_create(name=CALIBRATION_NAME, scorecard=scorecard,
                                 calls=before[4:6], evaluators=[trainer, admin],
                                 created_by=trainer)
    for evaluator in (trainer, admin):
        for index, call in enumerate(before[4:6]):
            _evaluate(call=call, scorecard=scorecard, evaluator=evaluator, index=index,
                      calibration=session)
    session.status = CalibrationSession.Status.CLOSED
    session.save(update_fields=["status"])
    report.calibration = session
    return report


def _colleague_moments(*, skill: Skill, operator: Operator, user: User) -> list[Exemplar]:
    """Up to two moments of colleagues showing the skill, kept as exemplars for a training."""
    results = (SkillResult.objects.filter(skill=skill, status=SkillResult.Status.SHOWN,
                                          start__isnull=False, call__status=Call.Status.ANALYSED)
               .exclude(call__operator=operator).select_related("call")
               .order_by("call__started_at", "pk")[:2])
    return [exemplar_add(call=result.call, skill=skill, objection=None, start=result.start or 0,
                         end=result.end, note="Сначала вопрос о том, что нужно клиенту, "
                                              "потом решение.", added_by=user)
            for result in results]


@transaction.atomic
def demo_load_cycles(*, today: date | None = None) -> list[CoachingCycle]:
    """One finished cycle (Dmitry, clarifying the need: listen → report shared and commented →
    training → control → «изменилось») and a training on summarising whose control re-listens
    are overdue; nothing when cycles exist already. Needs the demo people, skills and
    `demo_import_cycle_calls`."""
    if CoachingCycle.objects.exists():
        return []
    today = today or timezone.localdate(timezone=DEMO_TZ)
    manager = User.objects.get(username="manager")
    trainer = User.objects.get(username="trainer")
    dmitry = Operator.objects.select_related("user", "team").get(code="dmitry")
    need = Skill.objects.get(code="need_clarification")
    baseline_from, baseline_to = (today - timedelta(days=days) for days in BASELINE_DAYS_AGO)
    cycle = cycle_start(operator=dmitry, skill=need, baseline_from=baseline_from,
                        baseline_to=baseline_to, created_by=manager)
    report = report_generate(operator=dmitry, date_from=baseline_from, date_to=baseline_to,
                             created_by=manager)
    report_share(report=report, user=manager)
    if dmitry.user is not None:
        report_comment_add(report=report, author=dmitry.user,
                           text="Понял: буду сначала уточнять, что нужно клиенту, а потом "
                                "предлагать решение.")
    training = training_create(
        topic="Уточнение потребности: сначала вопрос, потом решение", skill=need,
        team=dmitry.team, held_on=today - timedelta(days=TRAINING_DAYS_AGO),
        attendees=[dmitry], exemplars=_colleague_moments(skill=need, operator=dmitry,
                                                          user=trainer),
        notes="Разбор двух звонков коллег, ролевая игра: три открытых вопроса до решения.",
        trainer=trainer, created_by=manager)
    training_mark_held(training=training, held_on=training.held_on)
    cycle.refresh_from_db()
    assert cycle.control_due is not None
    finished = cycle_record_result(cycle=cycle, recorded_by=manager, on=cycle.control_due)

    summary = Skill.objects.get(code="summary")
    overdue = training_create(
        topic="Резюмирование: что сделано и что дальше", skill=summary,
        team=Operator.objects.get(code="igor").team,
        held_on=today - timedelta(days=OVERDUE_TRAINING_DAYS_AGO),
        attendees=Operator.objects.filter(code__in=["anna", "igor"]),
        notes="Фраза-итог в конце каждого звонка.", trainer=trainer, created_by=manager)
    training_mark_held(training=overdue, held_on=overdue.held_on)
    return [finished, *CoachingCycle.objects.filter(training=overdue)]

"""The demo of the coaching cycle: a month and a half of Dmitry's calls (the newcomer) around a
training on clarifying the customer's need, trainer evaluations and a calibration, so `make run`
shows every coaching page filled.

The calls (demo/cycle_calls.json) are transcripts, imported like the library's sales calls and
analysed right away, so the evaluations start from what the analyser found. In the 12 calls
before the training Dmitry asks what the customer needs in 3; in the 12 after it, in 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from calls.demo.dialogs import DEMO_TZ, load_dialogs
from calls.models import Call
from calls.pipeline import call_analyse
from calls.transcripts import call_import_transcript
from coaching.demo import DEMO_CYCLE_CALLS
from coaching.evaluations.services import (
    calibration_create,
    comment_add,
    evaluation_start,
    evaluation_submit,
    score_set,
)
from coaching.models import CalibrationSession, Evaluation, ScorecardTemplate
from coaching.models.evaluations import Answer
from scripts_library.demo.loading import transcript_record

# The free-standing criterion («Говорил доброжелательно…») is scored in points.
FRIENDLY_POINTS = (90, 70, 85, 60, 95, 80, 75)
CALIBRATION_NAME = "Калибровка: звонки Дмитрия до обучения"


@dataclass
class DemoCoachingReport:
    calls: list[Call] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    calibration: CalibrationSession | None = None


def demo_import_cycle_calls(*, today: date | None = None) -> list[Call]:
    """Import the cycle's calls (idempotent by external id) and analyse every call that waits
    for analysis now (these and the library's sales calls, both transcripts): the evaluations
    and the cycle's result read what the analysers found."""
    today = today or timezone.localdate(timezone=DEMO_TZ)
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

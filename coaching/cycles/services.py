"""The coaching cycle's steps: start (listen) → the report shared → a training planned → the
training held (the control re-listen falls due CONTROL_DAYS later) → the result
(coaching/cycles/results.py) — or cancelled.

`stage` is the step the cycle has reached; a step is never taken twice and never backwards, so a
repeated request (a double click, a retried task) changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Operator
from coaching.cycles.measure import CONTROL_DAYS, measure
from coaching.models import CoachingCycle, PersonalReport, Skill, TrainingSession
from project.errors import DomainError

# Without a stated baseline, a cycle started by a training listens to the 30 days before it.
BASELINE_DAYS = 30

Stage = CoachingCycle.Stage
OPEN_STAGES = (Stage.LISTEN, Stage.REPORT, Stage.TRAIN, Stage.CONTROL)
_ORDER = {stage: index for index, stage in enumerate(
    (Stage.LISTEN, Stage.REPORT, Stage.TRAIN, Stage.CONTROL, Stage.DONE))}


class CycleConflict(DomainError):
    conflict = True


def _open_cycle(operator: Operator, skill: Skill) -> CoachingCycle | None:
    return (CoachingCycle.objects.select_for_update()
            .filter(operator=operator, skill=skill, stage__in=OPEN_STAGES).first())


def _advance(cycle: CoachingCycle, stage: str) -> bool:
    """Move forward only; False when the cycle is already there or further on."""
    if cycle.stage == Stage.CANCELLED:
        raise CycleConflict(_("Цикл отменён."), code="cancelled")
    if _ORDER[Stage(cycle.stage)] >= _ORDER[Stage(stage)]:
        return False
    cycle.stage = stage
    return True


def baseline_before(held_on: date) -> tuple[date, date]:
    """The BASELINE_DAYS before a training, never reaching past today."""
    last = min(held_on - timedelta(days=1), timezone.localdate())
    return last - timedelta(days=BASELINE_DAYS - 1), last


@transaction.atomic
def cycle_start(*, operator: Operator, skill: Skill, baseline_from: date, baseline_to: date,
                created_by: User | None, require_baseline: bool = True) -> CoachingCycle:
    """A cycle listening to the baseline period. A baseline without one applicable call would
    compare the control with nothing («0/0»), so a cycle started by hand needs one
    (`require_baseline`); a training's attendees get theirs anyway (cycles_for_training), and the
    cycle's page says its baseline is empty."""
    if baseline_from > baseline_to:
        raise DomainError(_("Начало исходного периода позже его конца."), code="period")
    if require_baseline and not measure(operator=operator, skill=skill, date_from=baseline_from,
                                        date_to=baseline_to).calls:
        raise DomainError(
            _("В исходном периоде нет ни одного разобранного звонка оператора %(operator)s, где "
              "навык «%(skill)s» применим: сравнивать результат будет не с чем. Выберите период, "
              "в котором есть звонки.") % {"operator": operator, "skill": skill},
            code="empty_baseline")
    if _open_cycle(operator, skill) is not None:
        raise CycleConflict(
            _("У оператора %(operator)s уже идёт цикл по навыку «%(skill)s».")
            % {"operator": operator, "skill": skill}, code="open_cycle")
    try:
        with transaction.atomic():
            return CoachingCycle.objects.create(
                operator=operator, skill=skill, baseline_from=baseline_from,
                baseline_to=baseline_to, created_by=created_by)
    except IntegrityError as error:
        # Two starts at once: the constraint lets one through.
        raise CycleConflict(_("Цикл по этому навыку уже начат."), code="open_cycle") from error


@transaction.atomic
def cycle_report_shared(*, cycle: CoachingCycle, report: PersonalReport) -> CoachingCycle:
    """The report step: a report of the cycle's operator, shared with them."""
    cycle = CoachingCycle.objects.select_for_update().get(pk=cycle.pk)
    if report.operator_id != cycle.operator_id:
        raise DomainError(_("Отчёт составлен о другом операторе."), code="operator")
    if report.shared_at is None:
        raise DomainError(_("Отчёт ещё не показан оператору."), code="not_shared")
    cycle.report = report
    _advance(cycle, Stage.REPORT)
    cycle.save(update_fields=["report", "stage"])
    return cycle


@transaction.atomic
def cycles_report_shared(*, report: PersonalReport) -> list[CoachingCycle]:
    """A shared report is the report step of every cycle of its operator still listening."""
    return [cycle_report_shared(cycle=cycle, report=report)
            for cycle in CoachingCycle.objects.filter(operator_id=report.operator_id,
                                                      stage=Stage.LISTEN)]


@transaction.atomic
def cycles_for_training(*, training: TrainingSession, created_by: User | None,
                        baseline: tuple[date, date] | None = None) -> list[CoachingCycle]:
    """The train step for every attendee: their open cycle for the training's skill, or a new
    one listening to `baseline` (by default the BASELINE_DAYS before the training)."""
    if training.skill_id is None:
        return []
    skill = training.skill
    assert skill is not None
    baseline_from, baseline_to = baseline or baseline_before(training.held_on)
    cycles = []
    for operator in training.attendees.all():
        cycle = _open_cycle(operator, skill)
        if cycle is None:
            # An attendee without calls in the baseline still gets a cycle: the training
            # happened to them; its page says the baseline is empty.
            cycle = cycle_start(operator=operator, skill=skill, baseline_from=baseline_from,
                                baseline_to=baseline_to, created_by=created_by,
                                require_baseline=False)
        if cycle.training_id not in (None, training.pk) and cycle.stage == Stage.CONTROL:
            # Already trained and waiting for its control: a second training would blur
            # what the control measures; the cycle keeps its first.
            cycles.append(cycle)
            continue
        cycle.training = training
        _advance(cycle, Stage.TRAIN)
        cycle.save(update_fields=["training", "stage"])
        cycles.append(cycle)
    return cycles


@transaction.atomic
def training_held(*, training: TrainingSession, held_on: date | None = None) -> TrainingSession:
    """The training took place: its cycles wait for the control re-listen, due CONTROL_DAYS
    later."""
    training = TrainingSession.objects.select_for_update().get(pk=training.pk)
    if training.status == TrainingSession.Status.CANCELLED:
        raise CycleConflict(_("Обучение отменено."), code="cancelled")
    if held_on is not None:
        if held_on > timezone.localdate():
            raise DomainError(_("Обучение не может пройти в будущем."), code="future")
        training.held_on = held_on
    training.status = TrainingSession.Status.HELD
    training.save(update_fields=["held_on", "status"])
    for cycle in training.cycles.select_for_update().filter(stage__in=OPEN_STAGES):
        cycle.trained_on = training.held_on
        cycle.control_due = training.held_on + timedelta(days=CONTROL_DAYS)
        _advance(cycle, Stage.CONTROL)
        cycle.save(update_fields=["trained_on", "control_due", "stage"])
    return training


@transaction.atomic
def cycle_cancel(*, cycle: CoachingCycle, reason: str = "") -> CoachingCycle:
    cycle = CoachingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.stage == Stage.DONE:
        raise CycleConflict(_("Цикл уже завершён."), code="done")
    cycle.stage = Stage.CANCELLED
    cycle.closed_at = timezone.now()
    if reason:
        cycle.notes = "\n".join(filter(None, [cycle.notes, reason]))
    cycle.save(update_fields=["stage", "closed_at", "notes"])
    return cycle


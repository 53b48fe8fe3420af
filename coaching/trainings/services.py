"""Training sessions: planned by hand or from a team gap in one click, held, cancelled.

A training with a skill is the «train» step of its attendees' coaching cycles
(coaching/cycles/services.py: `cycles_for_training` starts a cycle where an attendee has none);
holding it sets each cycle's control re-listen due. Cancelling a training, or taking an
attendee off it, detaches their cycles from it and leaves their step as it is: the operator still
needs the training, and the next one planned for the skill picks the cycle up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Operator, Team
from coaching.competency.queries import Period
from coaching.cycles.services import OPEN_STAGES, cycles_for_training, training_held
from coaching.gaps.queries import GapTopic
from coaching.models import CoachingCycle, Exemplar, Skill, TrainingSession
from project.errors import DomainError
from project.russian import plural

# A training made from a gap is planned this many days ahead (time to prepare), on a weekday.
LEAD_DAYS = 7
# Without a period start, a gap's baseline is the BASELINE_DAYS up to its end.
BASELINE_DAYS = 30

Status = TrainingSession.Status


class TrainingConflict(DomainError):
    conflict = True


def planned_date(today: date | None = None) -> date:
    """LEAD_DAYS ahead, moved off a weekend to the Monday after."""
    day = (today or timezone.localdate()) + timedelta(days=LEAD_DAYS)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def gap_baseline(period: Period, today: date | None = None) -> tuple[date, date]:
    """The gap's period as a cycle's baseline: it cannot end after today."""
    today = today or timezone.localdate()
    last = min(period.date_to or today, today)
    first = period.date_from or last - timedelta(days=BASELINE_DAYS - 1)
    return min(first, last), last


def _detach(training: TrainingSession, operators: Iterable[Operator] | None = None) -> None:
    cycles = CoachingCycle.objects.filter(training=training, stage__in=OPEN_STAGES)
    if operators is not None:
        cycles = cycles.filter(operator__in=list(operators))
    cycles.update(training=None)


def _require_planned(training: TrainingSession) -> None:
    if training.status != Status.PLANNED:
        raise TrainingConflict(
            _("Обучение уже %(status)s: его не изменить.")
            % {"status": training.get_status_display()}, code=str(training.status))


@transaction.atomic
def training_create(*, topic: str, skill: Skill | None, team: Team | None, held_on: date,
                    attendees: Iterable[Operator], exemplars: Iterable[Exemplar] = (),
                    notes: str = "", trainer: User | None = None,
                    created_by: User | None) -> TrainingSession:
    """A planned training; with a skill, the attendees' cycles move to its «train» step."""
    training = TrainingSession.objects.create(
        topic=topic, skill=skill, team=team, held_on=held_on, notes=notes, trainer=trainer,
        created_by=created_by)
    training.attendees.set(list(attendees))
    training.exemplars.set(list(exemplars))
    cycles_for_training(training=training, created_by=created_by)
    return training


@transaction.atomic
def training_update(*, training: TrainingSession, topic: str, skill: Skill | None,
                    team: Team | None, held_on: date, attendees: Iterable[Operator],
                    exemplars: Iterable[Exemplar] = (), notes: str = "",
                    trainer: User | None = None, updated_by: User | None) -> TrainingSession:
    """Change a planned training; attendees taken off (or every one, when the skill changes)
    have their cycles detached, the others' cycles are brought to its «train» step."""
    training = TrainingSession.objects.select_for_update().get(pk=training.pk)
    _require_planned(training)
    attendees = list(attendees)
    if skill != training.skill:
        _detach(training)
    else:
        _detach(training, set(training.attendees.all()) - set(attendees))
    training.topic, training.skill, training.team = topic, skill, team
    training.held_on, training.notes, training.trainer = held_on, notes, trainer
    training.save(update_fields=["topic", "skill", "team", "held_on", "notes", "trainer"])
    training.attendees.set(attendees)
    training.exemplars.set(list(exemplars))
    cycles_for_training(training=training, created_by=updated_by)
    return training


@transaction.atomic
def training_cancel(*, training: TrainingSession) -> TrainingSession:
    training = TrainingSession.objects.select_for_update().get(pk=training.pk)
    _require_planned(training)
    training.status = Status.CANCELLED
    training.save(update_fields=["status"])
    _detach(training)
    return training


def training_mark_held(*, training: TrainingSession, held_on: date) -> TrainingSession:
    """The training took place on `held_on` (not in the future): its cycles' controls fall due."""
    if training.status == Status.HELD:
        raise TrainingConflict(_("Обучение уже отмечено проведённым."), code="held")
    return training_held(training=training, held_on=held_on)


def planned_for_gap(*, team: Team, skill: Skill) -> TrainingSession | None:
    return (TrainingSession.objects.filter(team=team, skill=skill, status=Status.PLANNED)
            .order_by("held_on", "pk").first())


@transaction.atomic
def training_from_gap(*, team: Team, topic: GapTopic,
                      created_by: User | None) -> tuple[TrainingSession, bool]:
    """One click on a team's gap: a planned training of the affected operators with the topic's
    exemplar moments (kept as Exemplar, source «gap»), their cycles in the «train» step with the
    gap's period as baseline. While a planned training for the team and skill exists it is
    returned instead (created False): a second click makes no duplicate."""
    # Two clicks at once queue on the team row; the second then finds the first's training.
    Team.objects.select_for_update().filter(pk=team.pk).first()
    existing = planned_for_gap(team=team, skill=topic.skill)
    if existing is not None:
        return existing, False
    exemplars = []
    for result in topic.exemplars:
        assert result.start is not None  # the query keeps moments with a start
        exemplar, _created = Exemplar.objects.get_or_create(
            call=result.call, skill=topic.skill, start=result.start,
            defaults={"end": result.end, "note": result.text, "source": Exemplar.Source.GAP,
                      "added_by": created_by})
        exemplars.append(exemplar)
    training = TrainingSession.objects.create(
        topic=f"{topic.skill.name}: {team.name}"[:200], skill=topic.skill, team=team,
        held_on=planned_date(), created_by=created_by,
        notes=_("Разрыв команды: %(affected)d из %(judged)s ниже цели %(target)d%%, "
                "на %(gap).0f п. п.") % {
                    "affected": len(topic.affected),
                    "judged": plural(topic.judged, "оператора,операторов,операторов"),
                    "target": topic.target, "gap": topic.gap})
    training.attendees.set([row.operator for row in topic.affected])
    training.exemplars.set(exemplars)
    cycles_for_training(training=training, created_by=created_by,
                        baseline=gap_baseline(topic.period))
    return training, True

"""Reads of cycles: who sees which, which are due for the control re-listen."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from calls.models import Operator, Team
from coaching.cycles.services import OPEN_STAGES
from coaching.models import CoachingCycle, Skill
from project.roles import AnyUser

Stage = CoachingCycle.Stage


def visible_cycles(user: AnyUser) -> QuerySet[CoachingCycle]:
    """Managers see their teams' cycles, an operator their own, trainers and admins all
    (Operator.visible_to is that rule)."""
    return CoachingCycle.objects.filter(
        operator__in=Operator.objects.visible_to(user)
    ).select_related("operator", "operator__team", "skill", "training", "report")


def due_cycles(cycles: QuerySet[CoachingCycle], *, today: date) -> QuerySet[CoachingCycle]:
    """Waiting for the control re-listen with the due date reached or passed."""
    return cycles.filter(stage=Stage.CONTROL, control_due__lte=today).order_by(
        "control_due", "operator__display_name", "pk")


def running_cycles(cycles: QuerySet[CoachingCycle], *, today: date) -> QuerySet[CoachingCycle]:
    """Open and not yet due."""
    return open_cycles(cycles).exclude(stage=Stage.CONTROL, control_due__lte=today).order_by(
        "control_due", "-created_at", "pk")


def closed_cycles(cycles: QuerySet[CoachingCycle]) -> QuerySet[CoachingCycle]:
    return cycles.filter(stage__in=(Stage.DONE, Stage.CANCELLED)).order_by("-closed_at", "-pk")


OPEN, CLOSED = "open", "closed"


def open_cycles(cycles: QuerySet[CoachingCycle]) -> QuerySet[CoachingCycle]:
    """Not finished nor cancelled: the teams page counts these."""
    return cycles.filter(stage__in=OPEN_STAGES)


def filter_cycles(cycles: QuerySet[CoachingCycle], *, team: Team | None = None,
                  skill: Skill | None = None, stage: str = "", status: str = "",
                  operator: Operator | None = None) -> QuerySet[CoachingCycle]:
    """`status` is OPEN (any open stage) or CLOSED (done or cancelled); `stage` one stage."""
    if status == OPEN:
        cycles = open_cycles(cycles)
    elif status == CLOSED:
        cycles = cycles.exclude(stage__in=OPEN_STAGES)
    if operator is not None:
        cycles = cycles.filter(operator=operator)
    if team is not None:
        cycles = cycles.filter(operator__team=team)
    if skill is not None:
        cycles = cycles.filter(skill=skill)
    if stage:
        cycles = cycles.filter(stage=stage)
    return cycles


def reminders_pending(*, today: date) -> QuerySet[CoachingCycle]:
    """Due cycles whose manager has not been reminded yet."""
    return due_cycles(CoachingCycle.objects.all(), today=today).filter(
        reminded_at__isnull=True).select_related("operator", "operator__team__manager", "skill")

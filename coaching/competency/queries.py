"""Each active skill's numbers for one operator and period, counted in the database.

A skill's score is the share of the operator's analysed calls where it applied (shown or not
shown; «not applicable» calls are left out) in which it was shown, 0–100. It comes with the number
of calls it rests on and the 95% Wilson interval (the scripts library's: three calls are not a
verdict), the skipped share (not shown / applicable calls, 0–1) and the median of the scores of
the operator's team (every operator of the team with at least one applicable call, the operator
included): an aggregate, so an operator sees where the team stands without a colleague's number.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from calls.local_days import started_on_days
from calls.models import Call, Operator
from coaching.models import Skill, SkillResult
from project.roles import AnyUser
from scripts_library.metrics.intervals import Interval, wilson_interval

# Colleagues' moments offered for a growth point.
EXEMPLARS = 3
# Below this many applicable calls a score is shown as «мало данных», not as a verdict.
MIN_CALLS = 5


def shown_percent(shown: int, calls: int) -> float | None:
    """A skill's score: the share of its applicable calls where it was shown, 0–100; None
    without calls."""
    return None if not calls else 100 * shown / calls


@dataclass(frozen=True)
class Period:
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class SkillScore:
    skill: Skill
    shown: int
    not_shown: int
    team_median: float | None

    @property
    def calls(self) -> int:
        return self.shown + self.not_shown

    @property
    def score(self) -> float | None:
        return shown_percent(self.shown, self.calls)

    @property
    def skipped_share(self) -> float | None:
        return None if not self.calls else self.not_shown / self.calls

    @property
    def interval(self) -> Interval | None:
        """The score's 95% Wilson interval, in the score's units (0–100)."""
        interval = wilson_interval(self.shown, self.calls)
        if interval is None:
            return None
        return Interval(low=100 * interval.low, high=100 * interval.high)

    @property
    def enough_data(self) -> bool:
        return self.calls >= MIN_CALLS


def period_results(period: Period) -> QuerySet[SkillResult]:
    """The results of active skills in the analysed calls of the period."""
    return SkillResult.objects.filter(
        started_on_days(period.date_from, period.date_to, field="call__started_at"),
        call__status=Call.Status.ANALYSED, skill__active=True)


def _counts(results: QuerySet[SkillResult]) -> list[dict[str, int]]:
    rows = results.values("call__operator", "skill").annotate(
        shown=Count("pk", filter=Q(status=SkillResult.Status.SHOWN)),
        not_shown=Count("pk", filter=Q(status=SkillResult.Status.NOT_SHOWN)),
    ).order_by()
    return [{"operator": row["call__operator"], "skill": row["skill"], "shown": row["shown"],
             "not_shown": row["not_shown"]} for row in rows]


def team_medians(*, operator: Operator, period: Period) -> dict[int, float]:
    """skill id → the median of the team's operators' scores (operators with applicable calls)."""
    if operator.team_id is None:
        return {}
    scores: dict[int, list[float]] = {}
    rows = _counts(period_results(period).filter(call__operator__team_id=operator.team_id))
    for row in rows:
        applicable = row["shown"] + row["not_shown"]
        if applicable:
            scores.setdefault(row["skill"], []).append(100 * row["shown"] / applicable)
    return {skill: statistics.median(values) for skill, values in scores.items()}


def competency_map(*, operator: Operator, period: Period) -> list[SkillScore]:
    """Every active skill, in the skills' order, with the operator's numbers for the period."""
    counts = {row["skill"]: row for row in
              _counts(period_results(period).filter(call__operator=operator))}
    medians = team_medians(operator=operator, period=period)
    scores = []
    for skill in Skill.objects.active():
        row = counts.get(skill.pk, {})
        scores.append(SkillScore(skill=skill, shown=row.get("shown", 0),
                                 not_shown=row.get("not_shown", 0),
                                 team_median=medians.get(skill.pk)))
    return scores


def team_map(*, operators: list[Operator], period: Period) -> dict[tuple[int, int], SkillScore]:
    """(operator id, skill id) → the score, for a team's heat table (no medians: the table is
    the team)."""
    skills = {skill.pk: skill for skill in Skill.objects.active()}
    rows = _counts(period_results(period).filter(call__operator__in=operators))
    return {(row["operator"], row["skill"]): SkillScore(
        skill=skills[row["skill"]], shown=row["shown"], not_shown=row["not_shown"],
        team_median=None) for row in rows if row["skill"] in skills}


def skill_calls(*, operator: Operator, skill: Skill, period: Period,
                status: str) -> QuerySet[SkillResult]:
    """The results behind a number: the operator's calls of the period with this status."""
    return period_results(period).filter(
        call__operator=operator, skill=skill, status=status
    ).select_related("call", "call__line").order_by("-call__started_at", "-pk")


def colleague_moments(*, user: AnyUser, operator: Operator, skill: Skill,
                      period: Period) -> QuerySet[SkillResult]:
    """Moments of the skill done well in colleagues' calls that this person may see."""
    return period_results(period).filter(
        skill=skill, status=SkillResult.Status.SHOWN, start__isnull=False,
        call__in=Call.objects.visible_to(user),
    ).exclude(call__operator=operator).select_related("call", "skill").order_by(
        "-call__started_at", "-pk")[:EXEMPLARS]

"""New and experienced operators compared skill by skill.

An operator is new while less than N calendar months (settings.COACHING_NEW_OPERATOR_MONTHS) have
passed from `hired_on` to the period's end (today when the period is open-ended): hired
2026-05-31 with N = 6 is new until 2026-11-30 and experienced from that day. Operators without
`hired_on` are listed as «стаж неизвестен» and left out of both sides.

Each side's score pools its operators' calls: shown / applicable, as on the competency map (the
human answer of a submitted evaluation wins over the analyser there too). The
difference is called meaningful when each side has at least MIN_CALLS applicable calls and a
two-sided two-proportion z-test (pooled variance) gives p < 0.05. Not the Wilson intervals'
overlap: two 95% intervals may overlap while the difference is clear (2/10 against 8/10 overlap
at 0.51/0.49, yet p ≈ 0.007). The gaps that matter most weigh the difference (experienced minus
new, in percentage points) by the new operators' applicable calls it touches.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Operator
from coaching.competency.queries import MIN_CALLS, Period, shown_percent, skill_counts
from coaching.models import Skill

SIGNIFICANCE = 0.05
# How many of the heaviest meaningful gaps the page highlights.
TOP_GAPS = 3


class Cohort(StrEnum):
    NEW = "new"
    EXPERIENCED = "experienced"


COHORT_LABELS = {Cohort.NEW: _("новые"), Cohort.EXPERIENCED: _("опытные")}


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later; the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_new(hired_on: date, *, on: date, months: int) -> bool:
    return add_months(hired_on, months) > on


@dataclass(frozen=True)
class Cohorts:
    new: list[Operator]
    experienced: list[Operator]
    unknown: list[Operator]

    def of(self, cohort: Cohort) -> list[Operator]:
        return self.new if cohort == Cohort.NEW else self.experienced


def split_operators(operators: Iterable[Operator], *, on: date, months: int) -> Cohorts:
    new, experienced, unknown = [], [], []
    for operator in operators:
        if operator.hired_on is None:
            unknown.append(operator)
        elif is_new(operator.hired_on, on=on, months=months):
            new.append(operator)
        else:
            experienced.append(operator)
    return Cohorts(new=new, experienced=experienced, unknown=unknown)


def period_end(period: Period) -> date:
    return period.date_to or timezone.localdate()


@dataclass(frozen=True)
class Side:
    shown: int = 0
    not_shown: int = 0
    operators: int = 0  # operators with at least one applicable call

    @property
    def calls(self) -> int:
        return self.shown + self.not_shown

    @property
    def score(self) -> float | None:
        return shown_percent(self.shown, self.calls)


def two_proportion_p(a: Side, b: Side) -> float | None:
    """The two-sided p-value of a pooled two-proportion z-test; None without calls on a side or
    when every call went the same way (no variance to test against)."""
    if not a.calls or not b.calls:
        return None
    pooled = (a.shown + b.shown) / (a.calls + b.calls)
    variance = pooled * (1 - pooled) * (1 / a.calls + 1 / b.calls)
    if variance == 0:
        return None
    z = (a.shown / a.calls - b.shown / b.calls) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class SkillComparison:
    skill: Skill
    new: Side
    experienced: Side
    top: bool = False

    @property
    def gap(self) -> float | None:
        """Experienced minus new, in percentage points."""
        if self.new.score is None or self.experienced.score is None:
            return None
        return self.experienced.score - self.new.score

    @property
    def p_value(self) -> float | None:
        return two_proportion_p(self.new, self.experienced)

    @property
    def enough_data(self) -> bool:
        return self.new.calls >= MIN_CALLS and self.experienced.calls >= MIN_CALLS

    @property
    def meaningful(self) -> bool:
        p = self.p_value
        return self.enough_data and p is not None and p < SIGNIFICANCE

    @property
    def weight(self) -> float:
        """How much the gap matters: the points the new operators lag by × their calls."""
        return max(self.gap or 0.0, 0.0) * self.new.calls


@dataclass(frozen=True)
class Comparison:
    cohorts: Cohorts
    months: int
    on: date
    rows: list[SkillComparison]  # the heaviest gaps first

    @property
    def top(self) -> list[SkillComparison]:
        return [row for row in self.rows if row.top]


def _sides(results: Iterable[dict[str, int]]) -> dict[int, Side]:
    shown: dict[int, int] = {}
    not_shown: dict[int, int] = {}
    operators: dict[int, int] = {}
    for row in results:
        skill = row["skill"]
        shown[skill] = shown.get(skill, 0) + row["shown"]
        not_shown[skill] = not_shown.get(skill, 0) + row["not_shown"]
        if row["shown"] + row["not_shown"]:
            operators[skill] = operators.get(skill, 0) + 1
    return {skill: Side(shown=shown[skill], not_shown=not_shown[skill],
                        operators=operators.get(skill, 0)) for skill in shown}


def _counts(operators: list[Operator], period: Period) -> dict[int, Side]:
    # The competency map's counts, the human answers included, so both pages agree.
    return _sides(skill_counts(period, operator__in=operators))


def cohort_comparison(*, operators: Iterable[Operator], period: Period,
                      months: int) -> Comparison:
    on = period_end(period)
    cohorts = split_operators(operators, on=on, months=months)
    new, experienced = _counts(cohorts.new, period), _counts(cohorts.experienced, period)
    rows = [SkillComparison(skill=skill, new=new.get(skill.pk, Side()),
                            experienced=experienced.get(skill.pk, Side()))
            for skill in Skill.objects.active()]
    rows.sort(key=lambda row: -row.weight)
    heaviest = [row.skill.pk for row in rows if row.meaningful and row.weight > 0][:TOP_GAPS]
    rows = [SkillComparison(skill=row.skill, new=row.new, experienced=row.experienced,
                            top=row.skill.pk in heaviest) for row in rows]
    return Comparison(cohorts=cohorts, months=months, on=on, rows=rows)

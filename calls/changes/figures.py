"""What a change's evaluation is made of (calls/changes/evaluation.py): the windows, a figure
in each window, the comparison row and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db.models import Q

from calls.local_days import day_start, started_on_days
from calls.metrics.aggregates import Figure
from calls.metrics.definitions import Kind, Metric
from calls.models import Change
from project.stats.intervals import Interval

# The significance level, after Holm's adjustment.
ALPHA = 0.05


class Verdict(StrEnum):
    HELPED = "helped"
    WORSE = "worse"
    NO_CHANGE = "no_change"
    TOO_FEW = "too_few"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


# One wording with the verdict kept on the change (Change.Verdict, shown on the findings board).
VERDICT_LABELS: dict[Verdict, str] = {
    verdict: str(Change.Verdict(verdict.value).label) for verdict in Verdict
}


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"  # within noise


@dataclass(frozen=True)
class Window:
    """Local days date_from..date_to, both included."""

    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return day_start(self.date_from)

    @property
    def end(self) -> datetime:
        return day_start(self.date_to + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def each_day(self) -> list[date]:
        return [self.date_from + timedelta(days=i) for i in range(self.days)]

    def condition(self) -> Q:
        return started_on_days(self.date_from, self.date_to)


@dataclass(frozen=True)
class Side:
    """A figure in one window: its value (None: no call measured) and how many calls it counts;
    for a share also the calls counted «yes», for a mean the sample variance."""

    value: float | None
    measured: int
    successes: int | None = None
    variance: float | None = None
    value_url: str = ""
    measured_url: str = ""


@dataclass(frozen=True)
class FigureRow:
    metric: Metric
    # One of the figures the change was meant to affect (the verdict is made from these).
    primary: bool
    before: Side
    after: Side
    too_few: bool
    # None when too few or nothing to compare. For a share the difference is in shares (0.05 is
    # 5 percentage points), for a mean in the metric's unit.
    difference: float | None = None
    interval: Interval | None = None
    test: str | None = None  # "z", "fisher" or "welch"
    p_value: float | None = None
    p_adjusted: float | None = None
    effect_size: float | None = None
    effect_name: str = ""  # "h" or "g"
    direction: Direction | None = None
    daily: dict[date, Figure] = field(default_factory=dict)

    @property
    def is_fraction(self) -> bool:
        """Shown in per cent: a share, or a mean of a 0–1 value (the share of silence)."""
        return self.metric.kind == Kind.SHARE or not str(self.metric.unit)

    @property
    def significant(self) -> bool:
        return self.p_adjusted is not None and self.p_adjusted < ALPHA

    @property
    def test_label(self) -> str:
        return TEST_LABELS.get(self.test or "", "")


TEST_LABELS = {
    "z": "z-тест двух долей",
    "fisher": "точный тест Фишера",
    "welch": "t-тест Уэлча",
}

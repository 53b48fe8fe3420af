"""Did the skill change after the training? Fisher's exact test on before/after.

The table is 2×2: shown / not shown × before / after. Fisher's exact test (two-sided) because a
control re-listen is small — a dozen calls a side, often with a share near 0 or 1 — and there the
chi-square test's approximation is not valid (expected counts under 5); the exact test has no such
condition. Two-sided: a training can make things worse, and that is a change too.

Verdict: «мало данных» when either side has fewer than MIN_CALLS applicable calls (no test is run
then: with a handful of calls even a large difference is chance); else «изменилось» when
p < ALPHA, else «не изменилось».
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from coaching.competency.queries import shown_percent
from coaching.models import CoachingCycle
from project.stats.contingency import fisher_exact_p

# Applicable calls needed on each side before a verdict is given.
MIN_CALLS = 10
# The significance level.
ALPHA = 0.05
TEST_NAME = _("точный тест Фишера, двусторонний")

Verdict = CoachingCycle.Verdict


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class Comparison:
    before_shown: int
    before_calls: int
    after_shown: int
    after_calls: int
    p_value: float | None
    verdict: Verdict

    @property
    def p_text(self) -> str:
        """The p-value for a page: three decimals, and «< 0,001» below that."""
        if self.p_value is None:
            return ""
        if self.p_value < 0.001:
            return "< " + formats.number_format(0.001, 3)
        return "= " + formats.number_format(self.p_value, 3)

    @property
    def before_share(self) -> float | None:
        return shown_percent(self.before_shown, self.before_calls)

    @property
    def after_share(self) -> float | None:
        return shown_percent(self.after_shown, self.after_calls)

    @property
    def delta(self) -> float | None:
        """After minus before, in percentage points."""
        if self.before_share is None or self.after_share is None:
            return None
        return self.after_share - self.before_share

    @property
    def direction(self) -> Direction | None:
        delta = self.delta
        if delta is None:
            return None
        if abs(delta) < 1e-9:
            return Direction.SAME
        return Direction.UP if delta > 0 else Direction.DOWN


def fisher_p(*, before_shown: int, before_calls: int, after_shown: int,
             after_calls: int) -> float:
    return fisher_exact_p(a=before_shown, b=before_calls - before_shown,
                          c=after_shown, d=after_calls - after_shown)


def compare(*, before_shown: int, before_calls: int, after_shown: int,
            after_calls: int) -> Comparison:
    if not (0 <= before_shown <= before_calls and 0 <= after_shown <= after_calls):
        raise ValueError("shown must be between 0 and the number of calls")
    counts = {"before_shown": before_shown, "before_calls": before_calls,
              "after_shown": after_shown, "after_calls": after_calls}
    if min(before_calls, after_calls) < MIN_CALLS:
        return Comparison(**counts, p_value=None, verdict=Verdict.TOO_FEW)
    p_value = fisher_p(**counts)
    verdict = Verdict.CHANGED if p_value < ALPHA else Verdict.UNCHANGED
    return Comparison(**counts, p_value=p_value, verdict=verdict)


def cycle_comparison(cycle: CoachingCycle) -> Comparison | None:
    """The recorded result of a cycle, None before it is recorded."""
    if cycle.before_calls is None or cycle.after_calls is None or not cycle.verdict:
        return None
    return Comparison(before_shown=cycle.before_shown or 0, before_calls=cycle.before_calls,
                      after_shown=cycle.after_shown or 0, after_calls=cycle.after_calls,
                      p_value=cycle.p_value, verdict=Verdict(cycle.verdict))

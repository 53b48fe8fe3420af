"""A figure's trend against the previous period of the same length, in a word and an arrow.

The arrow says which way the number went (↑ ↓); the word says whether that is good news, which
depends on the figure (`Metric.lower_is_better`: fewer hot calls is better, a lower FCR worse).
A change that the test cannot tell from noise is «без изменений» whatever its sign:

- a share (hot share, FCR): the two-proportion z-test, Fisher's exact test for few calls
  (project/stats/proportions.py `share_change`, the one top problems use);
- a mean (seconds, the share of silence): Welch's t-test from the two periods' means and
  variances (project/stats/means.py, the one the before/after comparison uses) — the dashboard
  has the sums and sums of squares, not each call's value.

Both two-sided at TREND_ALPHA. Five figures are read one by one, so no correction for the few.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from calls.dashboard.figures import Sums
from calls.metrics.definitions import Kind, Metric
from project.stats.means import Sample, welch_test
from project.stats.proportions import share_change

TREND_ALPHA = 0.05

Direction = Literal["up", "down", "same", "unknown"]
TestName = Literal["z", "fisher", "welch", ""]


@dataclass(frozen=True)
class Trend:
    direction: Direction
    # True: the change is good news; False: bad; None: no change to speak of, or nothing to
    # compare with.
    better: bool | None
    p_value: float | None
    test: TestName

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→", "unknown": ""}[self.direction]

    @property
    def word(self) -> str:
        """The trend as a manager reads it: «лучше ↑», «хуже ↓», «без изменений →»."""
        if self.direction == "unknown":
            return _("не с чем сравнить")
        if self.direction == "same":
            return _("без изменений")
        return _("лучше") if self.better else _("хуже")

    @property
    def explanation(self) -> str:
        if self.direction == "unknown":
            return _("в прошлом периоде нет измеренных звонков")
        if self.direction == "same":
            return _("разница в пределах случайных колебаний")
        grew = _("выросло") if self.direction == "up" else _("снизилось")
        return _("%(grew)s — больше, чем случайные колебания") % {"grew": grew}


def _welch_p(before: Sums, after: Sums) -> float | None:
    var_before, var_after = before.variance, after.variance
    if var_before is None or var_after is None:
        return None
    assert before.value is not None and after.value is not None
    change = welch_test(
        before=Sample(mean=before.value, variance=var_before, count=before.measured),
        after=Sample(mean=after.value, variance=var_after, count=after.measured),
    )
    return change.p_value if change is not None else None


def figure_trend(metric: Metric, *, before: Sums, after: Sums) -> Trend:
    if not before.measured or not after.measured:
        return Trend(direction="unknown", better=None, p_value=None, test="")
    test: TestName
    if metric.kind == Kind.SHARE:
        # A share's sum is the number of calls counted «yes» (each value is 0 or 1).
        change = share_change(
            before=round(before.total), before_trials=before.measured,
            after=round(after.total), after_trials=after.measured,
        )
        if change is None:
            return Trend(direction="unknown", better=None, p_value=None, test="")
        p_value = change.p_value
        test = change.test
    else:
        welch = _welch_p(before, after)
        if welch is None:
            return Trend(direction="unknown", better=None, p_value=None, test="")
        p_value, test = welch, "welch"
    assert before.value is not None and after.value is not None
    difference = after.value - before.value
    if p_value >= TREND_ALPHA or difference == 0:
        return Trend(direction="same", better=None, p_value=p_value, test=test)
    direction: Direction = "up" if difference > 0 else "down"
    better = (direction == "down") == metric.lower_is_better
    return Trend(direction=direction, better=better, p_value=p_value, test=test)

"""The trend's word and arrow: direction-aware, and «без изменений» within noise."""

from __future__ import annotations

import pytest
from scipy.stats import ttest_ind

from calls.dashboard.figures import Sums
from calls.dashboard.trend import figure_trend
from calls.metrics.definitions import FCR, HANDLING_TIME, HOT_SHARE


def _share(yes: int, calls: int) -> Sums:
    return Sums(total=yes, squares=yes, measured=calls)


def _mean(values: list[float]) -> Sums:
    return Sums(total=sum(values), squares=sum(v * v for v in values), measured=len(values))


def test_fewer_hot_calls_is_better() -> None:
    trend = figure_trend(HOT_SHARE, before=_share(200, 1000), after=_share(100, 1000))
    assert (trend.direction, trend.better, trend.arrow, trend.word) == ("down", True, "↓", "лучше")
    assert trend.test == "z"


def test_a_lower_fcr_is_worse() -> None:
    trend = figure_trend(FCR, before=_share(800, 1000), after=_share(700, 1000))
    assert (trend.direction, trend.better, trend.word) == ("down", False, "хуже")


def test_a_change_within_noise_is_no_change() -> None:
    trend = figure_trend(HOT_SHARE, before=_share(10, 100), after=_share(12, 100))
    assert (trend.direction, trend.word, trend.arrow) == ("same", "без изменений", "→")
    assert trend.p_value is not None and trend.p_value > 0.05


def test_few_calls_use_fishers_test() -> None:
    trend = figure_trend(HOT_SHARE, before=_share(0, 3), after=_share(3, 3))
    assert trend.test == "fisher"


def test_nothing_to_compare_with() -> None:
    trend = figure_trend(HOT_SHARE, before=Sums(), after=_share(1, 2))
    assert (trend.direction, trend.word) == ("unknown", "не с чем сравнить")
    # A mean needs two calls a period for its variance.
    assert figure_trend(HANDLING_TIME, before=_mean([50]), after=_mean([1, 2])).direction == (
        "unknown"
    )


def test_longer_calls_are_worse_by_welchs_test() -> None:
    before = [100.0, 110, 90, 105, 95, 100, 102, 98]
    after = [150.0, 160, 140, 155, 145, 150, 152, 148]
    trend = figure_trend(HANDLING_TIME, before=_mean(before), after=_mean(after))
    assert (trend.direction, trend.better, trend.word, trend.test) == ("up", False, "хуже", "welch")
    # The p-value from the sums is Welch's test on the values themselves.
    assert trend.p_value == pytest.approx(ttest_ind(before, after, equal_var=False).pvalue)


def test_a_mean_within_noise() -> None:
    trend = figure_trend(HANDLING_TIME, before=_mean([100, 200, 150]), after=_mean([110, 190, 160]))
    assert trend.direction == "same"


def test_sums_variance() -> None:
    sums = _mean([1, 2, 3, 4])
    assert sums.value == 2.5 and sums.variance == pytest.approx(5 / 3)
    assert (Sums() + sums) == sums and Sums().value is None

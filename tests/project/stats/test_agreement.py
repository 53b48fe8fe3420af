"""project/stats/agreement.py against the reference libraries on the same data: nltk's
AnnotationTask, scikit-learn's cohen_kappa_score, statsmodels' fleiss_kappa and the krippendorff
package (alpha with missing values); random tables from hypothesis, and published examples."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from project.stats.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    landis_koch_band,
    percent_agreement,
)

CATEGORIES = st.sampled_from(["yes", "no", "maybe"])


def _nltk_task(rows: list[list[str]]) -> AnnotationTask:
    return AnnotationTask(
        data=[
            (f"r{rater}", f"i{item}", value)
            for item, row in enumerate(rows)
            for rater, value in enumerate(row)
        ]
    )


def _sklearn(first: list[str], second: list[str]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a total chance agreement warns and answers NaN
        return float(cohen_kappa_score(first, second))


# --- Cohen's kappa -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CATEGORIES, CATEGORIES), min_size=1, max_size=40))
def test_cohen_kappa_matches_scikit_learn_and_nltk(pairs: list[tuple[str, str]]) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    ours = cohen_kappa(first, second)
    reference = _sklearn(first, second)
    if ours is None:
        assert math.isnan(reference)
        return
    assert ours == pytest.approx(reference, abs=1e-9)
    assert ours == pytest.approx(_nltk_task([list(p) for p in pairs]).kappa(), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(CATEGORIES, CATEGORIES), min_size=1, max_size=40))
def test_percent_agreement_of_two_raters_is_nltks_observed_agreement(
    pairs: list[tuple[str, str]],
) -> None:
    ours = percent_agreement([list(pair) for pair in pairs])
    assert ours == pytest.approx(_nltk_task([list(p) for p in pairs]).avg_Ao(), abs=1e-9)


def test_cohen_kappa_of_a_published_table() -> None:
    # Cohen (1960)-style 2×2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.7, p_e 0.5, κ 0.4.
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(first, second) == pytest.approx(_sklearn(first, second))


def test_cohen_kappa_undefined_is_none() -> None:
    assert cohen_kappa([], []) is None
    # Both raters said «no» to everything: perfect agreement, but nothing beyond chance.
    assert cohen_kappa(["no"] * 5, ["no"] * 5) is None
    with pytest.raises(ValueError):
        cohen_kappa(["no"], ["no", "yes"])


# --- Fleiss' kappa -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=2, max_value=5).flatmap(
        lambda raters: st.lists(
            st.lists(CATEGORIES, min_size=raters, max_size=raters), min_size=1, max_size=30
        )
    )
)
def test_fleiss_kappa_matches_statsmodels_and_nltk(rows: list[list[str]]) -> None:
    ours = fleiss_kappa(rows)
    table, _categories = aggregate_raters(np.array(rows, dtype=object))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = float(statsmodels_fleiss(table, method="fleiss"))
    if ours is None:
        assert math.isnan(reference) or math.isinf(reference)
        return
    assert ours == pytest.approx(reference, abs=1e-9)
    # nltk's multi-rater pi (Siegel & Castellan's K) is Fleiss' kappa on a complete design.
    assert ours == pytest.approx(_nltk_task(rows).pi(), abs=1e-9)


def test_fleiss_kappa_of_fleiss_1971_example() -> None:
    # The worked example of Wikipedia's «Fleiss' kappa» (10 items, 14 raters, 5 categories):
    # κ = 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    rows = [
        [category for category, count in enumerate(counts) for _ in range(count)]
        for counts in table
    ]
    assert fleiss_kappa(rows) == pytest.approx(0.20993, abs=1e-5)
    assert fleiss_kappa(rows) == pytest.approx(statsmodels_fleiss(np.array(table)))


def test_fleiss_kappa_undefined_is_none_and_unequal_counts_refused() -> None:
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([["no", "no", "no"], ["no", "no", "no"]]) is None
    assert fleiss_kappa([["no"], ["yes"]]) is None  # one answer an item: nothing to agree on
    with pytest.raises(ValueError):
        fleiss_kappa([["no", "no"], ["no", "no", "yes"]])


def test_fleiss_kappa_of_two_raters_is_scotts_pi() -> None:
    rows = [["yes", "yes"], ["yes", "no"], ["no", "no"], ["no", "no"], ["yes", "yes"]]
    assert fleiss_kappa(rows) == pytest.approx(_nltk_task(rows).pi())


# --- Krippendorff's alpha ----------------------------------------------------------------------

# Each unit: the answer of each of four coders, or None when that coder did not answer.
UNITS = st.lists(
    st.lists(st.one_of(st.none(), st.sampled_from([0, 1, 2])), min_size=4, max_size=4),
    min_size=1,
    max_size=25,
)


def _krippendorff(units: list[list[int | None]]) -> float | None:
    data = np.array(
        [[np.nan if value is None else value for value in unit] for unit in units], dtype=float
    ).T  # coders × units
    values = sorted({value for unit in units for value in unit if value is not None})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            alpha = float(
                krippendorff.alpha(
                    reliability_data=data, value_domain=values, level_of_measurement="nominal"
                )
            )
    except ValueError:
        # The package refuses a single-value domain or no unit with two answers; ours: None.
        return None
    return None if math.isnan(alpha) else alpha


@settings(max_examples=300, deadline=None)
@given(UNITS)
def test_krippendorff_alpha_matches_the_krippendorff_package(units: list[list[int | None]]) -> None:
    ours = krippendorff_alpha([[value for value in unit if value is not None] for unit in units])
    reference = _krippendorff(units)
    if reference is None:
        assert ours is None
    else:
        assert ours == pytest.approx(reference, abs=1e-9)


def test_krippendorff_alpha_of_krippendorffs_own_example() -> None:
    # Krippendorff (2011), «Computing Krippendorff's alpha-reliability», the nominal example with
    # missing values (4 coders, 12 units): α = 0.743.
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[row[unit] for row in rows if row[unit] is not None] for unit in range(12)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(units) == pytest.approx(
        _krippendorff([[row[unit] for row in rows] for unit in range(12)]), abs=1e-9
    )


def test_krippendorff_alpha_on_complete_data_matches_nltk() -> None:
    rows = [["yes", "yes", "no"], ["no", "no", "no"], ["yes", "yes", "yes"], ["no", "yes", "no"]]
    assert krippendorff_alpha(rows) == pytest.approx(_nltk_task(rows).alpha())


def test_krippendorff_alpha_undefined_is_none() -> None:
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([["no"], ["yes"]]) is None  # nothing pairable
    assert krippendorff_alpha([["no", "no"], ["no", "no", "no"]]) is None  # one value


# --- Percent agreement and the bands -----------------------------------------------------------


def test_percent_agreement_counts_units_with_two_answers() -> None:
    assert percent_agreement([["a", "a"], ["a", "b"], ["a"], ["b", "b", "b"]]) == pytest.approx(
        2 / 3
    )
    assert percent_agreement([["a"]]) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (-0.3, "хуже случайного"),
        (-0.0001, "хуже случайного"),
        (0.0, "слабое"),
        (0.2, "слабое"),
        (0.21, "удовлетворительное"),
        (0.4, "удовлетворительное"),
        (0.41, "умеренное"),
        (0.6, "умеренное"),
        (0.6000000000000001, "умеренное"),
        (0.61, "существенное"),
        (0.8, "существенное"),
        (0.81, "почти полное"),
        (1.0, "почти полное"),
    ],
)
def test_landis_koch_bands(value: float, words: str) -> None:
    assert landis_koch_band(value) == words


def test_landis_koch_band_of_nan_is_refused() -> None:
    with pytest.raises(ValueError):
        landis_koch_band(float("nan"))

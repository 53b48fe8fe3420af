"""project/stats/multiple.py against statsmodels' multipletests on the same p-values."""

from __future__ import annotations

import random

import pytest
from statsmodels.stats.multitest import multipletests

from project.stats.multiple import benjamini_hochberg, holm

CASES = [
    [0.01, 0.04, 0.03, 0.005, 0.2, 0.9, 0.04],
    [0.5],
    [0.0, 1.0, 0.001, 0.001],
    [random.Random(seed).random() ** 3 for seed in range(60)],
]


@pytest.mark.parametrize("p_values", CASES)
def test_benjamini_hochberg_matches_statsmodels(p_values: list[float]) -> None:
    expected = multipletests(p_values, method="fdr_bh")[1]
    assert benjamini_hochberg(p_values) == pytest.approx(list(expected), abs=1e-12)


@pytest.mark.parametrize("p_values", CASES)
def test_holm_matches_statsmodels(p_values: list[float]) -> None:
    expected = multipletests(p_values, method="holm")[1]
    assert holm(p_values) == pytest.approx(list(expected), abs=1e-12)


def test_hand_computed_benjamini_hochberg() -> None:
    # Sorted 0.01, 0.02, 0.03, 0.5 → ·4/1, ·4/2, ·4/3, ·4/4 = 0.04, 0.04, 0.04, 0.5.
    assert benjamini_hochberg([0.03, 0.5, 0.01, 0.02]) == pytest.approx([0.04, 0.5, 0.04, 0.04])


def test_empty_and_bad_input() -> None:
    assert benjamini_hochberg([]) == [] and holm([]) == []
    with pytest.raises(ValueError):
        benjamini_hochberg([1.5])

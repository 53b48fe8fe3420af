"""Adjusting p-values for many tests at once.

Co-occurrence tests every pair of tags: with 40 tags that is 780 tests, and at p < 0.05 about 39
of them would look "significant" by chance alone. Two corrections are here:

- Benjamini–Hochberg controls the false discovery rate: of the pairs it calls significant, at most
  alpha (5%) are expected to be chance. It is what co-occurrence uses: its strong pairs are
  candidates a person reads and judges («one broken process, not two problems?»), so a few false
  ones among many real ones cost little, while a family-wise correction over hundreds of pairs
  would hide most real ones. BH is valid for independent tests and for positively dependent
  ones (Benjamini & Yekutieli 2001, PRDS), which is what pairs sharing a tag are.
- Holm controls the family-wise error rate (the chance of even one false finding) and is uniformly
  more powerful than Bonferroni; for the few tests where one false alarm matters.

Both return adjusted p-values in the order given, checked against statsmodels' multipletests
(methods "fdr_bh" and "holm") in tests/project/stats/test_multiple.py.
"""

from __future__ import annotations

from collections.abc import Sequence


def _checked(p_values: Sequence[float]) -> list[float]:
    values = [float(p) for p in p_values]
    if any(not 0.0 <= p <= 1.0 for p in values):
        raise ValueError("p-values lie between 0 and 1")
    return values


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given: a test is a
    discovery at false discovery rate alpha when its adjusted p-value is at most alpha."""
    values = _checked(p_values)
    m = len(values)
    order = sorted(range(m), key=lambda i: values[i])
    adjusted = [0.0] * m
    running = 1.0
    # From the largest p-value down: p_(k) · m / k, kept monotone by the running minimum.
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, values[index] * m / rank)
        adjusted[index] = running
    return adjusted


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given."""
    values = _checked(p_values)
    m = len(values)
    order = sorted(range(m), key=lambda i: values[i])
    adjusted = [0.0] * m
    running = 0.0
    # From the smallest p-value up: p_(k) · (m − k + 1), kept monotone by the running maximum.
    for rank, index in enumerate(order, start=1):
        running = max(running, min(1.0, values[index] * (m - rank + 1)))
        adjusted[index] = running
    return adjusted

"""How far people who label the same things agree beyond chance: Cohen's and Fleiss' kappa,
Krippendorff's alpha (nominal), and the Landis–Koch words for a value.

Written here rather than called from nltk: nltk's AnnotationTask wants (coder, item, label)
triples with a complete design and answers an undefined kappa with ZeroDivisionError or NaN, and
it has no Krippendorff's alpha with missing values. The formulas are short; the counts are exact
integers (Fraction), so "undefined" is an exact test, not a float compared with 0. Each function
is checked in tests/project/stats/test_agreement.py against nltk, scikit-learn, statsmodels and
the krippendorff package on the same data.

Undefined is None, never NaN: a kappa is undefined when chance agreement is total (every answer
is the same category, so there is nothing to agree on beyond chance) or when there is nothing to
compare (no item with two answers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters who answered the same items (first[i] and second[i] are the
    two answers for item i). None when undefined (no items, or both raters gave one and the same
    single category to everything)."""
    if len(first) != len(second):
        raise ValueError("the two raters must answer the same items")
    n = len(first)
    if n == 0:
        return None
    agreed = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    counts_a, counts_b = Counter(first), Counter(second)
    # p_o = agreed / n, p_e = Σ n_a(k)·n_b(k) / n²; κ = (p_o − p_e) / (1 − p_e), times n².
    chance = sum(count * counts_b[category] for category, count in counts_a.items())
    denominator = n * n - chance
    if denominator == 0:
        return None
    return float(Fraction(n * agreed - chance, denominator))


def fleiss_kappa(items: Iterable[Sequence[Hashable]]) -> float | None:
    """Fleiss' kappa (1971) of items each rated by the same number of raters (not necessarily the
    same people): `items` holds each item's answers. With two raters it is Scott's pi. None when
    undefined (no items, fewer than two answers an item, or one category for everything)."""
    rows = [Counter(answers) for answers in items]
    if not rows:
        return None
    raters = sum(rows[0].values())
    if any(sum(row.values()) != raters for row in rows):
        raise ValueError("Fleiss' kappa needs the same number of answers for every item")
    if raters < 2:
        return None
    total = len(rows) * raters
    # P̄ = (Σ n_ij² − N·n) / (N·n·(n − 1)); P_e = Σ_j (Σ_i n_ij)² / (N·n)².
    agreement = Fraction(
        sum(count * count for row in rows for count in row.values()) - total,
        total * (raters - 1),
    )
    per_category: Counter[Hashable] = Counter()
    for row in rows:
        per_category.update(row)
    chance = Fraction(sum(count * count for count in per_category.values()), total * total)
    if chance == 1:
        return None
    return float((agreement - chance) / (1 - chance))


def krippendorff_alpha(units: Iterable[Sequence[Hashable]]) -> float | None:
    """Krippendorff's alpha for nominal data, missing values allowed: `units` holds each unit's
    answers, as many as were given (a unit with fewer than two answers cannot be paired and
    counts for nothing). None when undefined (fewer than two pairable answers, or a single value
    in all of them)."""
    # The coincidence matrix: each ordered pair of answers within a unit of m answers weighs
    # 1 / (m − 1). For nominal data only its diagonal and margins are needed.
    coincide_same = Fraction(0)
    margins: Counter[Hashable] = Counter()
    for answers in units:
        m = len(answers)
        if m < 2:
            continue
        counts = Counter(answers)
        for value, count in counts.items():
            margins[value] += count
            coincide_same += Fraction(count * (count - 1), m - 1)
    n = sum(margins.values())
    if n < 2:
        return None
    # α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, with Σ_{c≠k} o_ck = n − Σ_c o_cc.
    expected = n * n - sum(count * count for count in margins.values())
    if expected == 0:
        return None
    return float(1 - (n - 1) * (n - coincide_same) / expected)


def percent_agreement(units: Iterable[Sequence[Hashable]]) -> float | None:
    """The share (0–1) of units with two or more answers where every answer is the same; None
    when there is no such unit. Not corrected for chance: shown beside the coefficients."""
    compared = [answers for answers in units if len(answers) >= 2]
    if not compared:
        return None
    return sum(1 for answers in compared if len(set(answers)) == 1) / len(compared)


# Landis & Koch (1977), Biometrics 33:159–174: the upper bound of each band, inclusive.
LANDIS_KOCH_BANDS: tuple[tuple[float, str], ...] = (
    (0.2, "слабое"),
    (0.4, "удовлетворительное"),
    (0.6, "умеренное"),
    (0.8, "существенное"),
    (1.0, "почти полное"),
)
BELOW_CHANCE = "хуже случайного"


def landis_koch_band(value: float) -> str:
    """The Landis–Koch words for a kappa or alpha: below 0 «хуже случайного», then up to 0.20
    «слабое», 0.40 «удовлетворительное», 0.60 «умеренное», 0.80 «существенное», 1 «почти полное».
    """
    if value != value:  # NaN
        raise ValueError("an undefined coefficient has no band")
    # Rounded so that a kappa of exactly 0.6 computed as 0.6000000000000001 reads «умеренное».
    value = round(value, 9)
    if value < 0:
        return BELOW_CHANCE
    for upper, words in LANDIS_KOCH_BANDS:
        if value <= upper:
            return words
    return LANDIS_KOCH_BANDS[-1][1]

"""An evaluation's total, 0–100: one rule for every page that ranks calls by their scores.

The total is the weighted share of «да» among the yes/no criteria, a points criterion counting
points/100; «неприменимо» and unanswered criteria are left out, so a scorecard with criteria that
do not apply to a call is not pulled down by them. A call's total pools the answered criteria of
all its evaluations given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from coaching.models import CriterionScore, Evaluation
from coaching.models.evaluations import Answer

COUNTED = (Answer.YES, Answer.NO, Answer.POINTS)


def answer_value(answer: str, points: int | None) -> float | None:
    """1 for «да», 0 for «нет», points/100 for «баллы»; None for what does not count."""
    if answer == Answer.YES:
        return 1.0
    if answer == Answer.NO:
        return 0.0
    if answer == Answer.POINTS and points is not None:
        return points / 100
    return None


def weighted_total(answers: Iterable[tuple[str, int | None, int]]) -> float | None:
    """0–100 over (answer, points, weight) rows; None when nothing counts."""
    weights = 0
    earned = 0.0
    for answer, points, weight in answers:
        value = answer_value(answer, points)
        if value is None:
            continue
        weights += weight
        earned += weight * value
    return 100 * earned / weights if weights else None


def evaluation_total(scores: Iterable[CriterionScore]) -> float | None:
    """One evaluation's total from its scores (their criteria loaded, for the weights)."""
    return weighted_total((score.answer, score.points, score.criterion.weight)
                          for score in scores)


def call_totals(evaluations: QuerySet[Evaluation]) -> dict[int, float]:
    """call id → the call's total over the given evaluations, in one query; calls with nothing
    answered are left out."""
    rows: dict[int, list[tuple[str, int | None, int]]] = defaultdict(list)
    scores = CriterionScore.objects.filter(
        evaluation__in=evaluations, answer__in=COUNTED,
    ).values_list("evaluation__call_id", "answer", "points", "criterion__weight")
    for call_id, answer, points, weight in scores:
        rows[call_id].append((answer, points, weight))
    totals = {call_id: weighted_total(answers) for call_id, answers in rows.items()}
    return {call_id: total for call_id, total in totals.items() if total is not None}

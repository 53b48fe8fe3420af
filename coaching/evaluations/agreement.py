"""Agreement of a calibration session's evaluators, per criterion, with nltk's AnnotationTask.

Only calls every evaluator submitted count (kappa needs each rater on each item). Two evaluators:
Cohen's kappa (`AnnotationTask.kappa`); more: Fleiss' kappa, which nltk computes as multi-rater
Scott's pi (`AnnotationTask.pi`, Siegel & Castellan's K — the same statistic as Fleiss 1971).
A 0–100 score agrees only when the numbers are equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from nltk.metrics.agreement import AnnotationTask

from coaching.models import CalibrationSession, Criterion, CriterionScore, Evaluation


@dataclass(frozen=True)
class CriterionAgreement:
    criterion: Criterion
    calls: int
    percent: float | None  # share of calls where all evaluators gave the same answer, 0–100
    kappa: float | None  # None when undefined (fewer than one call, or all answers the same)
    kappa_name: str
    # call id → {evaluator id: value label}, only for calls where the evaluators differ
    differing: dict[int, dict[int, str]] = field(default_factory=dict)


def label(score: CriterionScore) -> str:
    return f"{score.points}" if score.answer == "points" else score.answer


def kappa(triples: list[tuple[str, str, str]], *, coders: int) -> float | None:
    """Cohen's kappa for two coders, Fleiss' for more; None when chance agreement is total."""
    try:
        task = AnnotationTask(data=triples)
        value = task.kappa() if coders == 2 else task.pi()
    except ZeroDivisionError:
        return None
    return None if math.isnan(value) else float(value)


def session_agreement(*, session: CalibrationSession) -> list[CriterionAgreement]:
    evaluator_ids = set(session.evaluators.values_list("pk", flat=True))
    submitted = Evaluation.objects.filter(calibration=session,
                                          status=Evaluation.Status.SUBMITTED)
    by_call: dict[int, set[int]] = {}
    for call_id, evaluator_id in submitted.values_list("call_id", "evaluator_id"):
        by_call.setdefault(call_id, set()).add(evaluator_id)
    complete = sorted(call for call, who in by_call.items() if evaluator_ids <= who)
    scores = CriterionScore.objects.filter(
        evaluation__in=submitted.filter(call_id__in=complete, evaluator_id__in=evaluator_ids)
    ).select_related("evaluation")
    values: dict[int, dict[int, dict[int, str]]] = {}
    for score in scores:
        values.setdefault(score.criterion_id, {}).setdefault(
            score.evaluation.call_id, {})[score.evaluation.evaluator_id] = label(score)
    coders = len(evaluator_ids)
    result = []
    for criterion in session.scorecard.criteria.all():
        per_call = values.get(criterion.pk, {})
        triples = [(str(who), str(call), value) for call, answers in per_call.items()
                   for who, value in answers.items()]
        differing = {call: answers for call, answers in sorted(per_call.items())
                     if len(set(answers.values())) > 1}
        percent = (100.0 * (len(per_call) - len(differing)) / len(per_call)) if per_call else None
        result.append(CriterionAgreement(
            criterion=criterion, calls=len(per_call), percent=percent,
            kappa=kappa(triples, coders=coders) if per_call else None,
            kappa_name="Коэна" if coders == 2 else "Флейса", differing=differing,
        ))
    return result

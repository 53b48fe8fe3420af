"""Agreement of a calibration session's evaluators, per criterion (the coefficients are the
product's one implementation, project/stats/agreement.py).

Only calls every evaluator submitted count (kappa needs each rater on each item). Two evaluators:
Cohen's kappa; more: Fleiss' kappa (1971). A 0–100 score agrees only when the numbers are equal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from coaching.models import CalibrationSession, Criterion, CriterionScore, Evaluation
from project.stats.agreement import cohen_kappa, fleiss_kappa


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
    """Cohen's kappa for two coders, Fleiss' for more, on (coder, item, label) triples of items
    every coder labelled; None when chance agreement is total."""
    by_item: dict[str, dict[str, str]] = defaultdict(dict)
    for coder, item, value in triples:
        by_item[item][coder] = value
    if coders == 2:
        names = sorted({coder for coder, _item, _value in triples})
        if len(names) != 2:
            return None
        first, second = names
        paired = [answers for answers in by_item.values() if len(answers) == 2]
        return cohen_kappa([a[first] for a in paired], [a[second] for a in paired])
    return fleiss_kappa([list(a.values()) for a in by_item.values() if len(a) == coders])


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

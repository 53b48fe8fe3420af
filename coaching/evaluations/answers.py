"""The human answer for a call and skill: what a submitted evaluation says, where there is one.

The human answer wins over the analyser's SkillResult wherever calls are counted (the competency
map, the team's pages, the cohorts, a coaching cycle's measure). A submitted evaluation (not a
calibration one: there several evaluators score the same call to compare themselves, not to judge
the operator) whose criterion tied to the skill is answered decides the call: «да» → shown, «нет»
→ not shown, a 0–100 score → shown from POINTS_SHOWN up (the middle of the scale, where «да» and
«нет» would split), «неприменимо» → left out, even when the analyser found the skill. Several
such evaluations of one call: the latest submitted one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from calls.models import Call
from coaching.models import CriterionScore, Evaluation, Skill, SkillResult
from coaching.models.evaluations import Answer

# A 0–100 criterion score counts as shown from here up.
POINTS_SHOWN = 50


def human_shown(answer: str, points: int | None) -> bool | None:
    """Shown (True / False) by one criterion's answer; None for «неприменимо»."""
    if answer == Answer.POINTS:
        return points is not None and points >= POINTS_SHOWN
    if answer == Answer.NOT_APPLICABLE:
        return None
    return answer == Answer.YES


def deciding_scores() -> QuerySet[CriterionScore]:
    """The criterion scores that may decide a call: answered, tied to a skill, in a submitted
    evaluation outside calibration. Narrow it by call (`evaluation__call__…`) and skill
    (`criterion__skill…`): filtering here, not by a set of calls, keeps the query as small as
    the evaluations."""
    return CriterionScore.objects.filter(
        evaluation__status=Evaluation.Status.SUBMITTED, evaluation__calibration__isnull=True,
        criterion__skill__isnull=False,
    ).exclude(answer="")


def skill_answers(*, calls: QuerySet[Call] | None = None, skills: Iterable[Skill] | None = None,
                  scores: QuerySet[CriterionScore] | None = None,
                  ) -> dict[tuple[int, int], bool | None]:
    """(call id, skill id) → shown (True / False) or None for «неприменимо», from the latest
    submitted evaluation answering it. `scores` (a narrowed deciding_scores()) or `calls` and
    `skills` say which."""
    if scores is None:
        scores = deciding_scores()
    if calls is not None:
        scores = scores.filter(evaluation__call__in=calls)
    if skills is not None:
        scores = scores.filter(criterion__skill__in=list(skills))
    rows = (scores.order_by("evaluation__updated_at", "evaluation_id", "criterion__order",
                            "criterion_id")
            .values_list("evaluation__call_id", "criterion__skill_id", "answer", "points"))
    answers: dict[tuple[int, int], bool | None] = {}
    for call_id, skill_id, answer, points in rows:  # the latest evaluation is written last
        answers[(call_id, skill_id)] = human_shown(answer, points)
    return answers


def agreed_moments(results: QuerySet[SkillResult], *, limit: int) -> list[SkillResult]:
    """Up to `limit` of the analyser's «shown» results, in their order, leaving out the calls
    where the deciding evaluation says otherwise (not shown, or not applicable): a moment an
    evaluator rejected is no example of the skill done well. Reads a few more than `limit` at a
    time, so the cost stays that of the few moments shown."""
    kept: list[SkillResult] = []
    offset = 0
    batch = 4 * limit
    while len(kept) < limit:
        chunk = list(results[offset:offset + batch])
        if not chunk:
            break
        answers = skill_answers(
            calls=Call.objects.filter(pk__in={result.call_id for result in chunk}),
            skills={result.skill for result in chunk})
        kept += [result for result in chunk
                 if answers.get((result.call_id, result.skill_id), True) is True]
        offset += batch
    return kept[:limit]

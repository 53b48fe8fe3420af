"""Each active skill's numbers for one operator and period, counted in the database.

A skill's score is the share of the operator's analysed calls where it applied (shown or not
shown; «not applicable» calls are left out) in which it was shown, 0–100. It comes with the number
of calls it rests on and the 95% Wilson interval (the scripts library's: three calls are not a
verdict), the skipped share (not shown / applicable calls, 0–1) and the median of the scores of
the operator's team (every operator of the team with at least one applicable call, the operator
included): an aggregate, so an operator sees where the team stands without a colleague's number.

Whether a call showed the skill is the human answer where a submitted evaluation gives one (the
rule of coaching/evaluations/answers.py, the same as a coaching cycle's), else the analyser's
SkillResult. The counts are the database's aggregate over SkillResult, corrected for the few calls
of the period with a human answer; the calls behind a number follow the same outcome.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from calls.local_days import started_on_days
from calls.models import Call, Operator
from coaching.evaluations.answers import agreed_moments, deciding_scores, skill_answers
from coaching.models import CriterionScore, Skill, SkillResult
from project.roles import AnyUser
from project.stats.intervals import Interval, wilson_interval

# Colleagues' moments offered for a growth point.
EXEMPLARS = 3
# Below this many applicable calls a score is shown as «мало данных», not as a verdict.
MIN_CALLS = 5


def shown_percent(shown: int, calls: int) -> float | None:
    """A skill's score: the share of its applicable calls where it was shown, 0–100; None
    without calls."""
    return None if not calls else 100 * shown / calls


@dataclass(frozen=True)
class Period:
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class SkillScore:
    skill: Skill
    shown: int
    not_shown: int
    team_median: float | None

    @property
    def calls(self) -> int:
        return self.shown + self.not_shown

    @property
    def score(self) -> float | None:
        return shown_percent(self.shown, self.calls)

    @property
    def skipped_share(self) -> float | None:
        return None if not self.calls else self.not_shown / self.calls

    @property
    def interval(self) -> Interval | None:
        """The score's 95% Wilson interval, in the score's units (0–100)."""
        interval = wilson_interval(self.shown, self.calls)
        if interval is None:
            return None
        return Interval(low=100 * interval.low, high=100 * interval.high)

    @property
    def enough_data(self) -> bool:
        return self.calls >= MIN_CALLS


def period_results(period: Period) -> QuerySet[SkillResult]:
    """The results of active skills in the analysed calls of the period."""
    return SkillResult.objects.filter(
        started_on_days(period.date_from, period.date_to, field="call__started_at"),
        call__status=Call.Status.ANALYSED, skill__active=True)


def _period_scores(period: Period, **calls: object) -> QuerySet[CriterionScore]:
    """The scores that may decide the analysed calls of the period matching `calls` (Call
    lookups) for active skills. Joined from the criterion scores, not filtered by a set of calls,
    so the query is as small as the evaluations."""
    return deciding_scores().filter(
        started_on_days(period.date_from, period.date_to, field="evaluation__call__started_at"),
        evaluation__call__status=Call.Status.ANALYSED, criterion__skill__active=True,
        **{f"evaluation__call__{lookup}": value for lookup, value in calls.items()})


def _corrections(period: Period, **calls: object) -> dict[tuple[int, int], list[int]]:
    """(operator id, skill id) → [shown, not shown] to add to the analyser's counts: for each
    call with a human answer, minus what the analyser said, plus the answer."""
    scores = _period_scores(period, **calls)
    answers = skill_answers(scores=scores)
    if not answers:
        return {}
    analyser = SkillResult.objects.filter(call=OuterRef("evaluation__call"),
                                          skill=OuterRef("criterion__skill")).values("status")[:1]
    rows = scores.annotate(analyser=Subquery(analyser)).values_list(
        "evaluation__call_id", "criterion__skill_id", "evaluation__call__operator_id", "analyser")
    said = {(call, skill): (operator, status) for call, skill, operator, status in rows}
    delta: dict[tuple[int, int], list[int]] = {}
    for (call, skill), shown in answers.items():
        operator, status = said[(call, skill)]
        counts = delta.setdefault((operator, skill), [0, 0])
        if status == SkillResult.Status.SHOWN:
            counts[0] -= 1
        elif status == SkillResult.Status.NOT_SHOWN:
            counts[1] -= 1
        if shown is not None:
            counts[0 if shown else 1] += 1
    return delta


def skill_counts(period: Period, **calls: object) -> list[dict[str, int]]:
    """Per operator and active skill: shown and not shown calls of the period, among the analysed
    calls matching `calls` (Call lookups: operator=…, operator__in=…, operator__team_id=…)."""
    rows = period_results(period).filter(
        **{f"call__{lookup}": value for lookup, value in calls.items()}
    ).values("call__operator", "skill").annotate(
        shown=Count("pk", filter=Q(status=SkillResult.Status.SHOWN)),
        not_shown=Count("pk", filter=Q(status=SkillResult.Status.NOT_SHOWN)),
    ).order_by()
    counts = {(row["call__operator"], row["skill"]): [row["shown"], row["not_shown"]]
              for row in rows}
    for key, (shown, not_shown) in _corrections(period, **calls).items():
        row = counts.setdefault(key, [0, 0])
        row[0] += shown
        row[1] += not_shown
    return [{"operator": operator, "skill": skill, "shown": shown, "not_shown": not_shown}
            for (operator, skill), (shown, not_shown) in counts.items()]


def team_medians(*, operator: Operator, period: Period) -> dict[int, float]:
    """skill id → the median of the team's operators' scores (operators with applicable calls)."""
    if operator.team_id is None:
        return {}
    scores: dict[int, list[float]] = {}
    rows = skill_counts(period, operator__team_id=operator.team_id)
    for row in rows:
        applicable = row["shown"] + row["not_shown"]
        if applicable:
            scores.setdefault(row["skill"], []).append(100 * row["shown"] / applicable)
    return {skill: statistics.median(values) for skill, values in scores.items()}


def competency_map(*, operator: Operator, period: Period) -> list[SkillScore]:
    """Every active skill, in the skills' order, with the operator's numbers for the period."""
    counts = {row["skill"]: row for row in skill_counts(period, operator=operator)}
    medians = team_medians(operator=operator, period=period)
    scores = []
    for skill in Skill.objects.active():
        row = counts.get(skill.pk, {})
        scores.append(SkillScore(skill=skill, shown=row.get("shown", 0),
                                 not_shown=row.get("not_shown", 0),
                                 team_median=medians.get(skill.pk)))
    return scores


def team_map(*, operators: list[Operator], period: Period) -> dict[tuple[int, int], SkillScore]:
    """(operator id, skill id) → the score, for a team's heat table (no medians: the table is
    the team)."""
    skills = {skill.pk: skill for skill in Skill.objects.active()}
    rows = skill_counts(period, operator__in=operators)
    return {(row["operator"], row["skill"]): SkillScore(
        skill=skills[row["skill"]], shown=row["shown"], not_shown=row["not_shown"],
        team_median=None) for row in rows if row["skill"] in skills}


def outcome_calls(*, period: Period, skill: Skill, statuses: list[str],
                  **calls: object) -> QuerySet[Call]:
    """The analysed calls of the period matching `calls` (Call lookups) whose outcome for the
    skill is one of `statuses`, newest first. Each call carries `skill_outcome` (the human answer
    if any, else the analyser's status), `by_evaluation` (an evaluator decided it) and, where the
    analyser agrees with the outcome, its `moment` (seconds) and `evidence` (the text)."""
    answers = {call: shown for (call, _), shown in skill_answers(
        scores=_period_scores(period, **calls).filter(criterion__skill=skill)).items()}
    result = SkillResult.objects.filter(call=OuterRef("pk"), skill=skill)
    Status = SkillResult.Status
    decided = [When(pk__in=[call for call, said in answers.items() if said is shown],
                    then=Value(status))
               for shown, status in ((True, Status.SHOWN), (False, Status.NOT_SHOWN),
                                     (None, Status.NOT_APPLICABLE))]
    # The analyser's moment is evidence only for the outcome it agrees with.
    agrees = Q(skill_outcome=F("analyser_status"))
    return Call.objects.filter(
        started_on_days(period.date_from, period.date_to), status=Call.Status.ANALYSED, **calls,
    ).annotate(
        analyser_status=Subquery(result.values("status")[:1]),
        skill_outcome=Case(*decided, default=F("analyser_status"), output_field=CharField()),
        by_evaluation=Case(When(pk__in=list(answers), then=Value(True)), default=Value(False),
                           output_field=BooleanField()),
        moment=Case(When(agrees, then=Subquery(result.values("start")[:1])),
                    output_field=FloatField()),
        evidence=Case(When(agrees, then=Subquery(result.values("text")[:1])),
                      default=Value(""), output_field=CharField()),
    ).filter(skill_outcome__in=statuses).select_related("line").order_by("-started_at", "-pk")


# The calls a skill's «Звонков» count rests on: shown or not shown (not «not applicable»).
APPLICABLE = "applicable"


def skill_calls(*, operator: Operator, skill: Skill, period: Period,
                status: str) -> QuerySet[Call]:
    """The calls behind a number: the operator's calls of the period with this outcome
    (APPLICABLE: shown or not shown, the calls the score rests on)."""
    statuses: list[str] = ([SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN]
                           if status == APPLICABLE else [status])
    return outcome_calls(period=period, skill=skill, statuses=statuses, operator=operator)


def colleague_moments(*, user: AnyUser, operator: Operator, skill: Skill,
                      period: Period) -> list[SkillResult]:
    """Moments of the skill done well in colleagues' calls that this person may see (and no
    evaluator rejected)."""
    return agreed_moments(period_results(period).filter(
        skill=skill, status=SkillResult.Status.SHOWN, start__isnull=False,
        call__in=Call.objects.visible_to(user),
    ).exclude(call__operator=operator).select_related("call", "skill").order_by(
        "-call__started_at", "-pk"), limit=EXEMPLARS)

"""A team's gaps: the skills a share of its operators fall below target on, as training topics.

For each active skill, an operator of the team is judged when they have at least MIN_CALLS
applicable calls in the period (the competency map's «мало данных» rule); a judged operator whose
score is below the skill's target is affected. The skill is a topic when affected / judged is at
least MIN_SHARE. The gap is the target minus the affected operators' pooled score (their shown
calls over their applicable calls), in percentage points; topics come largest gap × affected
first. Exemplars are moments of the skill shown in the period: first in calls of the team's
operators at or above target, then in any call the viewer may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from calls.models import Call, Operator, Team
from coaching.competency.links import calls_url
from coaching.competency.queries import (
    EXEMPLARS,
    Period,
    SkillScore,
    period_results,
    shown_percent,
    team_map,
)
from coaching.evaluations.answers import agreed_moments
from coaching.models import Skill, SkillResult
from project.roles import AnyUser

# A skill becomes a team's topic when at least this share of its judged operators is below target.
MIN_SHARE = 0.3


@dataclass(frozen=True)
class OperatorScore:
    operator: Operator
    score: SkillScore
    # The calls behind the number: where the skill was not shown (for the affected) or shown.
    url: str


def _pooled(scores: list[SkillScore]) -> float | None:
    return shown_percent(sum(score.shown for score in scores),
                         sum(score.calls for score in scores))


@dataclass(frozen=True)
class GapTopic:
    skill: Skill
    period: Period
    affected: list[OperatorScore]
    # Judged operators at or above target.
    on_target: list[OperatorScore]
    # Operators with some applicable calls, fewer than MIN_CALLS: «мало данных».
    thin: list[OperatorScore]
    exemplars: list[SkillResult] = field(default_factory=list)

    @property
    def target(self) -> int:
        return self.skill.target

    @property
    def judged(self) -> int:
        return len(self.affected) + len(self.on_target)

    @property
    def share(self) -> float:
        return len(self.affected) / self.judged if self.judged else 0.0

    @property
    def affected_score(self) -> float:
        pooled = _pooled([row.score for row in self.affected])
        return 0.0 if pooled is None else pooled

    @property
    def gap(self) -> float:
        """Percentage points between the target and the affected operators' pooled score."""
        return self.target - self.affected_score

    @property
    def team_score(self) -> float | None:
        """Every team operator's applicable calls pooled, the thin ones included."""
        return _pooled([row.score for row in self.affected + self.on_target + self.thin])

    @property
    def team_calls(self) -> int:
        return sum(row.score.calls for row in self.affected + self.on_target + self.thin)

    @property
    def weight(self) -> float:
        return self.gap * len(self.affected)


def _exemplars(*, user: AnyUser, skill: Skill, period: Period,
               preferred: list[Operator]) -> list[SkillResult]:
    shown: QuerySet[SkillResult] = period_results(period).filter(
        skill=skill, status=SkillResult.Status.SHOWN, start__isnull=False,
        call__in=Call.objects.visible_to(user),
    ).select_related("call", "call__operator", "skill").order_by("-call__started_at", "-pk")
    picked = agreed_moments(shown.filter(call__operator__in=preferred), limit=EXEMPLARS)
    if len(picked) < EXEMPLARS:
        picked += agreed_moments(shown.exclude(pk__in=[result.pk for result in picked]),
                                 limit=EXEMPLARS - len(picked))
    return picked


def skill_topic(*, team: Team, skill: Skill, period: Period,
                scores: dict[tuple[int, int], SkillScore] | None = None,
                operators: list[Operator] | None = None) -> GapTopic:
    """The team's numbers for one skill (a topic or not: the caller checks the share)."""
    if operators is None:
        operators = list(team.operators.all())
    if scores is None:
        scores = team_map(operators=operators, period=period)
    affected, on_target, thin = [], [], []
    for operator in operators:
        score = scores.get((operator.pk, skill.pk))
        if score is None or not score.calls:
            continue
        if not score.enough_data:
            url = calls_url(operator, skill, SkillResult.Status.NOT_SHOWN, period)
            thin.append(OperatorScore(operator=operator, score=score, url=url))
        elif score.score is not None and score.score < skill.target:
            url = calls_url(operator, skill, SkillResult.Status.NOT_SHOWN, period)
            affected.append(OperatorScore(operator=operator, score=score, url=url))
        else:
            url = calls_url(operator, skill, SkillResult.Status.SHOWN, period)
            on_target.append(OperatorScore(operator=operator, score=score, url=url))
    return GapTopic(skill=skill, period=period, affected=affected, on_target=on_target,
                    thin=thin)


def _is_topic(topic: GapTopic, min_share: float) -> bool:
    return bool(topic.affected) and topic.share >= min_share


def _with_exemplars(topic: GapTopic, user: AnyUser) -> GapTopic:
    topic.exemplars.extend(_exemplars(user=user, skill=topic.skill, period=topic.period,
                                      preferred=[row.operator for row in topic.on_target]))
    return topic


def team_gaps(*, team: Team, period: Period, user: AnyUser,
              min_share: float = MIN_SHARE) -> list[GapTopic]:
    """The team's training topics for the period, largest gap × affected first; exemplars are
    the moments `user` may hear."""
    operators = list(team.operators.all())
    scores = team_map(operators=operators, period=period)
    topics = []
    for skill in Skill.objects.active():
        topic = skill_topic(team=team, skill=skill, period=period, scores=scores,
                            operators=operators)
        if _is_topic(topic, min_share):
            topics.append(_with_exemplars(topic, user))
    topics.sort(key=lambda topic: (-topic.weight, topic.skill.order, topic.skill.name))
    return topics


def gap_topic(*, team: Team, skill: Skill, period: Period, user: AnyUser,
              min_share: float = MIN_SHARE) -> GapTopic | None:
    """One skill's topic for the team, with its exemplars; None when the skill is not a topic
    (any more)."""
    topic = skill_topic(team=team, skill=skill, period=period)
    return _with_exemplars(topic, user) if _is_topic(topic, min_share) else None

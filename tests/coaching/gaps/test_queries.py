"""Team gaps on the constructed team of tests/coaching/gaps/conftest.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from coaching.gaps.queries import MIN_SHARE, gap_topic, team_gaps
from coaching.models import SkillResult
from project.roles import Role
from tests.coaching.gaps.conftest import Gaps
from tests.factories import UserFactory


def test_a_skill_most_of_the_team_misses_is_a_topic_with_its_numbers(gaps: Gaps) -> None:
    topics = team_gaps(team=gaps.team, period=gaps.period, user=gaps.team.manager)
    assert MIN_SHARE == 0.3
    assert [topic.skill for topic in topics] == [gaps.need]
    topic = topics[0]
    assert [row.operator.code for row in topic.affected] == ["a", "b", "c"]
    assert [row.score.score for row in topic.affected] == [40, 60, 20]
    assert topic.judged == 5 and topic.share == pytest.approx(0.6)
    assert topic.affected_score == pytest.approx(40.0)
    assert topic.gap == pytest.approx(40.0)
    # Everyone's applicable calls pooled, f's four included: (2+3+1+5+5+0) / 29.
    assert topic.team_calls == 29 and topic.team_score == pytest.approx(100 * 16 / 29)
    assert "/coaching/operators/a/skills/need/calls/?status=not_shown&date_from=" in (
        topic.affected[0].url)


def test_too_few_calls_is_little_data_not_a_gap(gaps: Gaps) -> None:
    topic = team_gaps(team=gaps.team, period=gaps.period, user=gaps.team.manager)[0]
    assert [(row.operator.code, row.score.calls) for row in topic.thin] == [("f", 4)]
    assert "f" not in [row.operator.code for row in topic.affected]


def test_one_of_five_below_target_is_a_topic_only_at_a_lower_share(gaps: Gaps) -> None:
    assert gap_topic(team=gaps.team, skill=gaps.greeting, period=gaps.period,
                     user=gaps.team.manager) is None
    topics = team_gaps(team=gaps.team, period=gaps.period, user=gaps.team.manager,
                       min_share=0.2)
    # Sorted by gap × affected: need 40 × 3 before greeting 20 × 1.
    assert [topic.skill.code for topic in topics] == ["need", "greeting"]
    assert topics[1].gap == pytest.approx(20.0) and topics[1].judged == 5


def test_exemplars_prefer_the_team_on_target_then_what_the_viewer_may_hear(gaps: Gaps) -> None:
    trainer = UserFactory(role=Role.TRAINER)

    def moments(user: User) -> list[str]:
        topic = gap_topic(team=gaps.team, skill=gaps.need, period=gaps.period, user=user)
        assert topic is not None
        return [f"{r.call.operator.code}@{r.start:g}" for r in topic.exemplars]

    # z's moment is the newest, yet the team's operator on target comes first.
    assert moments(trainer) == ["d@10", "d@10", "d@10"]
    assert moments(gaps.team.manager) == ["d@10", "d@10", "d@10"]
    SkillResult.objects.filter(call__operator=gaps.operators["d"]).update(start=None)
    # Then any call the viewer may hear: another team's is a trainer's, not this manager's.
    assert moments(trainer) == ["z@3"]
    assert moments(gaps.team.manager) == []

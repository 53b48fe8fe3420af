"""A constructed week with a known answer for each of the five cases.

Week 2026-W47 (16–22 November 2026), team T (manager) with operators a and b; team U, operator u.

| call       | what it holds                                                | picked as  |
| best       | evaluation 90 (yes weight 2, 70 points weight 1, n/a); need skip | best       |
| fair       | evaluation 50 (yes, no); need shown                          | —          |
| hot        | «Дорого» raised 3 times (2 returns) + «Подумаю»: 4 hits;     | hot        |
|            | the emotion analysis: hot, накал 6.0 at 10 s                 |            |
| unresolved | unresolved, 1 hit (at 42 s), 300 s                           | unresolved |
| long_open  | no sale, no hits, 600 s                                      | —          |
| repeat     | «Дорого» raised twice (1 return, the repeat at 75 s)         | repeated   |
| skip_short | need skipped, 100 s                                          | —          |
| skip_long  | need skipped, 200 s; greeting skipped                        | skipped    |

So need is skipped in 3 of 4 calls (best is taken, skip_long is the longer one left); «Дорого»
came back 3 times in 2 calls (hot is taken, so repeat). Outside: u's call with 9 hits in the same
week (hot, накал 9.0), a's call with 9 hits the week before and a call not analysed yet (hotter
still), and «repeat», aroused but below the hot threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import Call, CallEmotion, Team
from coaching.models import CriterionScore, Evaluation, Skill, SkillResult
from coaching.models.evaluations import Answer
from project.roles import Role
from scripts_library.models import Objection
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ObjectionFactory,
    ObjectionHitFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    SegmentFactory,
    SkillFactory,
    SkillResultFactory,
    TeamFactory,
    UserFactory,
)

WEEK = "2026-W47"
IN_WEEK = datetime(2026, 11, 18, 9, tzinfo=UTC)
WEEK_BEFORE = datetime(2026, 11, 11, 9, tzinfo=UTC)


@dataclass
class Week:
    team: Team
    other_team: Team
    manager: User
    trainer: User
    need: Skill
    greeting: Skill
    expensive: Objection
    calls: dict[str, Call]


def evaluate(call: Call, *answers: tuple[str, int, int | None],
             status: str = Evaluation.Status.SUBMITTED) -> Evaluation:
    """answers: (answer, weight, points) per criterion."""
    scorecard = ScorecardTemplateFactory()
    evaluation = Evaluation.objects.create(call=call, scorecard=scorecard, status=status,
                                           evaluator=UserFactory(role=Role.TRAINER))
    for answer, weight, points in answers:
        CriterionScore.objects.create(evaluation=evaluation, answer=answer, points=points,
                                      criterion=CriterionFactory(template=scorecard,
                                                                 weight=weight))
    return evaluation


def hits(call: Call, objection: Objection, *starts: float) -> None:
    """One hit per raising, the customer raising the objection at each of `starts` (a line of
    its own) and the operator answering «Понимаю, давайте разберёмся» right after."""
    for number, start in enumerate(starts, 1):
        text = f"{objection.name} ({number})"
        segment = SegmentFactory(call=call, speaker="customer", start=start, end=start + 2,
                                 text=text)
        SegmentFactory(call=call, speaker="operator", start=start + 2, end=start + 4,
                       text="Понимаю, давайте разберёмся")
        ObjectionHitFactory(call=call, objection=objection, segment=segment, start=start,
                            end=start + 2, occurrence=number,
                            raised_again=number < len(starts), text=text)


def emotion(call: Call, score: float, at: float, *, hot: bool = True) -> None:
    """What the emotion analyser (calls/voice/emotion/) would store: the hottest moment at `at`."""
    CallEmotion.objects.create(call=call, analysed_at=timezone.now(), emotion="irritated",
                               score=score, hot=hot, hot_score=score, hot_at=at if hot else None)


@pytest.fixture
def week(db: None) -> Week:
    manager = UserFactory(username="manager", role=Role.MANAGER)
    team = TeamFactory(name="Т", manager=manager)
    other_team = TeamFactory(name="У", manager=UserFactory(role=Role.MANAGER))
    a = OperatorFactory(code="a", team=team)
    b = OperatorFactory(code="b", team=team)
    u = OperatorFactory(code="u", team=other_team)
    need = SkillFactory(code="need", name="Уточнение потребности", order=1)
    greeting = SkillFactory(code="greeting", name="Приветствие", order=2)
    expensive = ObjectionFactory(name="Дорого")
    later = ObjectionFactory(name="Подумаю")

    def call(name: str, operator: object = a, **fields: object) -> Call:
        fields.setdefault("started_at", IN_WEEK)
        return CallFactory(external_id=name, operator=operator, **fields)

    calls = {
        "best": call("best", duration=120),
        "fair": call("fair", operator=b),
        "hot": call("hot", outcome=Call.Outcome.RESOLVED),
        "unresolved": call("unresolved", outcome=Call.Outcome.UNRESOLVED, duration=300),
        "long_open": call("long_open", outcome=Call.Outcome.NO_SALE, duration=600),
        "repeat": call("repeat", operator=b),
        "skip_short": call("skip_short", duration=100),
        "skip_long": call("skip_long", duration=200),
    }
    evaluate(calls["best"], (Answer.YES, 2, None), (Answer.POINTS, 1, 70),
             (Answer.NOT_APPLICABLE, 5, None))
    evaluate(calls["fair"], (Answer.YES, 1, None), (Answer.NO, 1, None))
    # A draft never counts, however high.
    evaluate(calls["skip_short"], (Answer.YES, 1, None), status=Evaluation.Status.DRAFT)
    hits(calls["hot"], expensive, 10, 20, 30)
    hits(calls["hot"], later, 50)
    hits(calls["unresolved"], later, 42)
    hits(calls["repeat"], expensive, 15, 75)
    for name, status in [("best", SkillResult.Status.NOT_SHOWN),
                         ("fair", SkillResult.Status.SHOWN),
                         ("skip_short", SkillResult.Status.NOT_SHOWN),
                         ("skip_long", SkillResult.Status.NOT_SHOWN)]:
        SkillResultFactory(call=calls[name], skill=need, status=status)
    SkillResultFactory(call=calls["skip_long"], skill=greeting,
                       status=SkillResult.Status.NOT_SHOWN)

    emotion(calls["hot"], 6.0, 10.0)
    emotion(calls["repeat"], 2.0, 15.0, hot=False)
    other = call("other_team", operator=u)
    hits(other, expensive, *range(1, 10))
    emotion(other, 9.0, 3.0)
    before = call("week_before", started_at=WEEK_BEFORE)
    hits(before, expensive, *range(1, 10))
    emotion(before, 9.5, 1.0)
    fresh = call("not_analysed", status=Call.Status.TRANSCRIBED)
    hits(fresh, expensive, *range(1, 10))
    emotion(fresh, 9.9, 1.0)
    return Week(team=team, other_team=other_team, manager=manager,
                trainer=UserFactory(username="trainer", role=Role.TRAINER), need=need,
                greeting=greeting, expensive=expensive, calls=calls)

"""A small center built by hand, with every figure computed on paper (see each test):

team A (manager «anna»): operator «oleg» — c1, c2; operator «olga» — c3; line «support»;
team B (manager «boris»): operator «pavel» — c4, on line «sales»;
one call of team A in the previous period (p1).

call  dur  hot    silence  resolved at  contact (came back)
c1    100  yes    0.2      30 s         first (no)
c2    200  no     0.4      50 s         first (yes)
c3    300  —      —        без решения  repeat (no)
c4    400  yes    0.1      100 s        transfer
p1     50  no     0.3      20 s         first (yes)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from calls.models import Call, Finding, Line, Tag, Team
from calls.taxonomy.problems.scope import Period
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)
from tests.factories_dashboard import DepartmentFactory, FindingFactory, measured_call

NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)  # 12:00 in Moscow
TODAY = date(2026, 3, 20)
PERIOD = Period(date_from=date(2026, 3, 1), date_to=date(2026, 3, 14))


@dataclass
class World:
    admin: User
    anna: User
    boris: User
    oleg: User
    annotator: User
    department: User
    team_a: Team
    team_b: Team
    support: Line
    sales: Line
    calls: dict[str, Call]
    problem: Tag
    other_problem: Tag
    findings: dict[str, Finding]


def _at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.fixture
def world(db: None) -> World:
    admin = UserFactory(username="admin", role=Role.ADMIN)
    anna = UserFactory(username="anna", role=Role.MANAGER)
    boris = UserFactory(username="boris", role=Role.MANAGER)
    team_a = TeamFactory(name="Команда А", manager=anna)
    team_b = TeamFactory(name="Команда Б", manager=boris)
    oleg = OperatorFactory(code="oleg", team=team_a, user=UserFactory(username="oleg",
                                                                       role=Role.OPERATOR))
    olga = OperatorFactory(code="olga", team=team_a)
    pavel = OperatorFactory(code="pavel", team=team_b)
    support = LineFactory(code="support", name="Поддержка")
    sales = LineFactory(code="sales", name="Продажи")
    calls = {
        "c1": measured_call(
            CallFactory(operator=oleg, line=support, started_at=_at(2), duration=100),
            hot=True, silence=0.2, resolved_at=30, contact="first",
        ),
        "c2": measured_call(
            CallFactory(operator=oleg, line=support, started_at=_at(5), duration=200),
            hot=False, silence=0.4, resolved_at=50, contact="first", came_back=True,
        ),
        "c3": measured_call(
            CallFactory(operator=olga, line=support, started_at=_at(9), duration=300),
            resolution=True, contact="repeat",
        ),
        "c4": measured_call(
            CallFactory(operator=pavel, line=sales, started_at=_at(10), duration=400),
            hot=True, silence=0.1, resolved_at=100, contact="transfer",
        ),
        "p1": measured_call(
            CallFactory(operator=oleg, line=support, started_at=_at(20, month=2), duration=50),
            hot=False, silence=0.3, resolved_at=20, contact="first", came_back=True,
        ),
    }
    # Not counted: not analysed yet, and outside both periods.
    CallFactory(operator=oleg, line=support, started_at=_at(3), duration=999,
                status=Call.Status.TRANSCRIBED)
    CallFactory(operator=oleg, line=support, started_at=_at(15), duration=999)
    category = TagCategoryFactory(name="Проблемы", is_problem=True)
    problem = TagFactory(code="wait", name="Долгое ожидание", category=category)
    other_problem = TagFactory(code="price", name="Дорого", category=category)
    for name in ("c1", "c2", "c4"):
        CallTagFactory(call=calls[name], tag=problem)
    CallTagFactory(call=calls["c1"], tag=other_problem)
    department = DepartmentFactory(name="Логистика", code="logistics")
    member = UserFactory(username="dept", role=Role.DEPARTMENT)
    department.members.add(member)
    findings = {
        "overdue": FindingFactory(title="Просрочена", department=department,
                                  due_on=TODAY - timedelta(days=1), created_by=anna),
        "working": FindingFactory(title="В работе", department=department,
                                  due_on=TODAY + timedelta(days=3), created_by=anna,
                                  status=Finding.Status.IN_PROGRESS),
        "done": FindingFactory(title="Сделана", department=department, due_on=TODAY,
                               created_by=anna, status=Finding.Status.DONE),
        "sales": FindingFactory(title="Продажи", department=department, line=sales,
                                due_on=TODAY + timedelta(days=5), created_by=anna),
    }
    return World(
        admin=admin, anna=anna, boris=boris, oleg=oleg.user,
        annotator=UserFactory(username="ann", role=Role.ANNOTATOR), department=member,
        team_a=team_a, team_b=team_b, support=support, sales=sales, calls=calls,
        problem=problem, other_problem=other_problem, findings=findings,
    )


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The page and the API ask the clock for «now» (open repeat windows, overdue findings):
    the day the hand-built center is looked at."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW

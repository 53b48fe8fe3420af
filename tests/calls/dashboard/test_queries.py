"""The dashboard's numbers on the hand-built center of conftest.py, computed on paper."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.dashboard.queries import Dashboard, Figure, dashboard, series_periods
from calls.metrics.aggregates import metric_figure
from calls.metrics.definitions import METRICS
from calls.models import Call
from calls.taxonomy.problems.scope import Period
from tests.calls.dashboard.conftest import NOW, PERIOD, World


def _figure(board: Dashboard, code: str) -> Figure:
    return next(figure for figure in board.figures if figure.metric.code == code)


def _values(board: Dashboard) -> dict[str, tuple[float | None, int]]:
    return {
        figure.metric.code: (
            None if figure.value is None else round(figure.value, 6), figure.measured
        )
        for figure in board.figures
    }


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_an_admin_sees_every_call(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    assert board.analysed == 4 and board.previous_analysed == 1
    assert _values(board) == {
        # c1, c4 hot of c1, c2, c4 (c3 has no emotion analysis)
        "hot_share": (round(2 / 3, 6), 3),
        # c1, c3 not back of c1, c2, c3 (c4 is a transfer)
        "fcr": (round(2 / 3, 6), 3),
        # 30, 50, 100 (c3 «без решения» is not measured)
        "resolution_time": (60.0, 3),
        "silence_share": (round(0.7 / 3, 6), 3),
        "handling_time": (250.0, 4),
    }
    handling = _figure(board, "handling_time")
    assert (handling.previous_value, handling.previous_measured) == (50.0, 1)
    assert _figure(board, "hot_share").previous_value == 0.0


def test_each_figure_is_the_shared_definition(world: World) -> None:
    # The one grouped query agrees with calls/metrics' own aggregate, figure by figure.
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    calls = board.scope.calls()
    for figure in board.figures:
        expected = metric_figure(calls, METRICS[figure.metric.code], now=NOW)
        assert figure.measured == expected.measured
        assert figure.value == pytest.approx(expected.value)


def test_a_manager_sees_only_their_teams(world: World) -> None:
    board = dashboard(user=world.anna, period=PERIOD, now=NOW)
    assert board.analysed == 3
    assert _values(board) == {
        "hot_share": (0.5, 2),
        "fcr": (round(2 / 3, 6), 3),
        "resolution_time": (40.0, 2),
        "silence_share": (0.3, 2),
        "handling_time": (200.0, 3),
    }
    assert board.by_team is not None
    assert [row.team for row in board.by_team] == [world.team_a]
    assert not board.own_calls_only


def test_an_operator_sees_only_their_own_calls(world: World) -> None:
    board = dashboard(user=world.oleg, period=PERIOD, now=NOW)
    assert board.own_calls_only
    assert board.analysed == 2
    assert _values(board)["handling_time"] == (150.0, 2)
    assert _values(board)["fcr"] == (0.5, 2)
    assert board.by_team is None and board.findings is None


def test_a_figure_with_no_measured_call_is_none_not_zero(world: World) -> None:
    board = dashboard(user=world.boris, period=PERIOD, now=NOW)
    # c4 is a transfer: no call of team B counts for first-contact resolution.
    assert _values(board)["fcr"] == (None, 0)
    assert _values(board)["hot_share"] == (1.0, 1)


def test_line_and_team_filters(world: World) -> None:
    by_line = dashboard(user=world.admin, period=PERIOD, line=world.sales, now=NOW)
    assert _values(by_line)["handling_time"] == (400.0, 1)
    by_team = dashboard(user=world.admin, period=PERIOD, team=world.team_a, now=NOW)
    assert _values(by_team)["handling_time"] == (200.0, 3)
    assert [problem.calls for problem in by_team.problems.problems] == [2, 1]


def test_rows_per_line_and_per_team(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    lines = {row.label: row for row in board.by_line}
    assert set(lines) == {"Поддержка", "Продажи"}
    assert lines["Поддержка"].analysed == 3 and lines["Продажи"].analysed == 1
    handling = {row.label: row.cells[-1].value for row in board.by_line}
    assert handling == {"Поддержка": 200.0, "Продажи": 400.0}
    assert board.by_team is not None
    teams = {row.label: row.cells[0].value for row in board.by_team}  # hot share
    assert teams == {"Команда А": 0.5, "Команда Б": 1.0}
    cell = lines["Продажи"].cells[0]
    assert _query(cell.calls_url)["line"] == ["sales"]
    assert _query(cell.calls_url)["hot"] == ["true"]
    team_cell = board.by_team[0].cells[0]
    assert _query(team_cell.calls_url)["team"] == [str(world.team_a.pk)]


def test_top_problems(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    assert [(p.tag.code, p.calls) for p in board.problems.problems] == [("wait", 3), ("price", 1)]
    assert board.problems.analysed == 4
    manager = dashboard(user=world.anna, period=PERIOD, now=NOW)
    assert [(p.tag.code, p.calls) for p in manager.problems.problems] == [("wait", 2), ("price", 1)]


def test_open_findings(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    findings = board.findings
    assert findings is not None
    assert (findings.open, findings.new, findings.in_progress, findings.overdue) == (3, 2, 1, 1)
    assert [f.title for f in findings.nearest] == ["Просрочена", "В работе", "Продажи"]
    # A line's findings, and those about no line in particular.
    on_support = dashboard(user=world.admin, period=PERIOD, line=world.support, now=NOW).findings
    assert on_support is not None and on_support.open == 2


def test_links_carry_the_filters(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, line=world.support, team=world.team_a,
                      now=NOW)
    query = _query(_figure(board, "hot_share").calls_url)
    assert query == {
        "date_from": ["2026-03-01"], "date_to": ["2026-03-14"], "line": ["support"],
        "team": [str(world.team_a.pk)], "status": [Call.Status.ANALYSED], "hot": ["true"],
    }
    previous = _query(_figure(board, "fcr").previous_calls_url)
    assert previous["date_from"] == ["2026-02-15"] and previous["came_back"] == ["false"]
    # The top problems' links too (calls/taxonomy/problems/links.py over the same scope).
    from calls.taxonomy.problems.links import calls_url

    problem = board.problems.problems[0]
    problem_query = _query(calls_url(board.scope, tag=problem.tag))
    assert problem_query["team"] == [str(world.team_a.pk)] and problem_query["tag"] == ["wait"]
    point = _figure(board, "handling_time").series[1]
    assert _query(point.calls_url)["date_from"] == ["2026-03-02"]
    assert _query(point.calls_url)["date_to"] == ["2026-03-02"]


def test_series_by_day_or_by_week(world: World) -> None:
    board = dashboard(user=world.admin, period=PERIOD, now=NOW)
    series = _figure(board, "handling_time").series
    assert len(series) == 14
    assert [(p.period.date_from.day, p.value) for p in series if p.measured] == [
        (2, 100.0), (5, 200.0), (9, 300.0), (10, 400.0)
    ]
    weeks = series_periods(Period(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)))
    assert [(w.date_from.day, w.date_to.day) for w in weeks] == [
        (1, 7), (8, 14), (15, 21), (22, 28)
    ]
    short_end = series_periods(Period(date_from=date(2026, 2, 1), date_to=date(2026, 2, 16)))
    assert (short_end[-1].date_from.day, short_end[-1].date_to.day) == (15, 16)


def test_the_figures_are_a_few_queries_whatever_the_calls(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        dashboard(user=world.admin, period=PERIOD, now=NOW)
    # One grouped query for every figure, line, team and point; lines, teams; four for the top
    # problems (+ the tags); two for the findings.
    assert len(queries) <= 12

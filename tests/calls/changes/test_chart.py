"""calls/changes/chart.py: the daily points link to their day's calls, the change is marked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from calls.changes.chart import daily_svg
from calls.changes.evaluation import change_evaluation
from tests.factories import LineFactory, OperatorFactory, TagCategoryFactory, TagFactory
from tests.factories_changes import MOSCOW, ChangeFactory, calls_on_days, days

pytestmark = pytest.mark.django_db


def test_points_link_to_their_day_and_the_change_is_marked() -> None:
    line = LineFactory(code="support")
    tag = TagFactory(code="navigation", category=TagCategoryFactory(is_problem=True))
    operator = OperatorFactory()
    calls_on_days(on=days(date(2026, 3, 1), date(2026, 3, 14)), per_day=5, operator=operator,
                  line=line, tag=tag, tagged=lambda i: i % 5 == 0)
    calls_on_days(on=days(date(2026, 3, 16), date(2026, 3, 29)), per_day=5, operator=operator,
                  line=line)
    change = ChangeFactory(changed_on=date(2026, 3, 15))
    change.tags.set([tag])
    change.lines.set([line])
    evaluation = change_evaluation(
        change=change, now=datetime(2026, 4, 30, tzinfo=MOSCOW)
    )
    svg = str(daily_svg(evaluation.rows[0], before=evaluation.before, after=evaluation.after,
                        lines=evaluation.lines))
    assert svg.startswith("<svg") and svg.count("<circle") == 28
    assert (
        'href="/calls/?date_from=2026-03-02&amp;date_to=2026-03-02&amp;status=analysed'
        "&amp;line=support&amp;tag=navigation\"" in svg
    )
    assert "День изменения 15.03.2026 (не входит в окна)" in svg
    assert "Среднее до изменения: 20%" in svg and "Среднее после изменения: 0%" in svg

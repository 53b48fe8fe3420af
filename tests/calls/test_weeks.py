"""calls/weeks.py: the ISO week the case review and the listen-list are about."""

from __future__ import annotations

from datetime import date

import pytest

from calls.weeks import Week


def test_a_week_is_monday_to_sunday_and_reads_back_its_code() -> None:
    week = Week.of(date(2026, 12, 9))  # a Wednesday
    assert (week.monday, week.sunday) == (date(2026, 12, 7), date(2026, 12, 13))
    assert week.code == "2026-W50"
    assert Week.parse(week.code) == week
    assert Week.parse("2026-W7").monday == date(2026, 2, 9)


def test_the_neighbours_cross_the_new_year_by_iso_weeks() -> None:
    first = Week.parse("2027-W01")
    assert first.monday == date(2027, 1, 4)
    assert first.previous.code == "2026-W53"
    assert first.previous.next == first
    assert Week.last_full(date(2027, 1, 4)) == first.previous


@pytest.mark.parametrize("text", ["", "2026-50", "на прошлой неделе", "2026-W"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Week.parse(text)

"""The ISO week of a weekly page or review: Monday to Sunday, written as 2026-W47 (the coaching
case review and the hot-calls listen-list share it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def of(cls, day: date) -> Week:
        return cls(monday=day - timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str) -> Week:
        """«2026-W47» (what <input type="week"> sends); ValueError for anything else."""
        found = _WEEK.match(text.strip())
        if found is None:
            raise ValueError(text)
        return cls(monday=date.fromisocalendar(int(found[1]), int(found[2]), 1))

    @classmethod
    def last_full(cls, today: date) -> Week:
        """The week before the current one: the review looks back at a finished week."""
        return cls.of(today - timedelta(days=7))

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def code(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def previous(self) -> Week:
        return Week(monday=self.monday - timedelta(days=7))

    @property
    def next(self) -> Week:
        return Week(monday=self.monday + timedelta(days=7))

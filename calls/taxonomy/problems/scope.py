"""Which calls a tag count counts: the analysed calls of a period (local days, both included),
of a line if one is chosen, and of those only the calls the person may see.

Shared by top problems and co-occurrence, so that their numbers and the call lists their links
open count the same calls: the call list's date_from/date_to are the same local days and
`status=analysed` the same status (calls/filters.py).

A call counts once per tag whatever put the tag there (phrases, a person, the learned model):
counts are of distinct calls. A tag a person removed is deleted from the call (CallTagChange
logs it and keeps re-analysis from putting it back), so it is not counted either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from calls.local_days import started_on_days
from calls.models import Call, Line, Team
from calls.roles import sees_all_calls
from project.roles import AnyUser


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        date_to = self.date_from - timedelta(days=1)
        return Period(date_from=date_to - timedelta(days=self.days - 1), date_to=date_to)


@dataclass(frozen=True)
class Scope:
    period: Period
    line: Line | None = None
    # None: every call (a scheduled e-mail, a command); else only the calls this person sees.
    user: AnyUser | None = None
    # The operators' team (the manager's dashboard, calls/dashboard/); the call list's `team`.
    team: Team | None = None

    def call_condition(self, prefix: str = "") -> Q:
        """The condition on calls, or on rows of a model whose `prefix` leads to the call
        ("call__" from CallTag)."""
        condition = started_on_days(
            self.period.date_from, self.period.date_to, field=f"{prefix}started_at"
        )
        condition &= Q(**{f"{prefix}status": Call.Status.ANALYSED})
        if self.line is not None:
            condition &= Q(**{f"{prefix}line": self.line})
        if self.team is not None:
            condition &= Q(**{f"{prefix}operator__team": self.team})
        if self.user is not None and not sees_all_calls(self.user):
            # A manager's teams, an operator's own calls (the dashboard): a subquery, since
            # the rule is the call list's own.
            visible = Call.objects.visible_to(self.user).values("pk")
            condition &= Q(**{f"{prefix}pk__in": visible})
        return condition

    def calls(self) -> QuerySet[Call]:
        return Call.objects.filter(self.call_condition())

    def call_ids(self) -> QuerySet[Call, Any]:
        """The calls as a subquery (`call_id IN (SELECT id …)`): served by the index on the
        call's (status, started_at, line) alone, where a join would read every call's row."""
        return self.calls().values("pk")

    def with_period(self, period: Period) -> Scope:
        return Scope(period=period, line=self.line, user=self.user, team=self.team)

    def page_query(self, **extra: Any) -> str:
        """The query string of the top-problems and co-occurrence pages for this scope."""
        params: dict[str, Any] = {
            "date_from": self.period.date_from.isoformat(),
            "date_to": self.period.date_to.isoformat(),
        }
        if self.line is not None:
            params["line"] = self.line.code
        params.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(params)

    def query(self, **extra: Any) -> str:
        """The call list's query string for these calls (and `extra` filters)."""
        params: dict[str, Any] = {
            "date_from": self.period.date_from.isoformat(),
            "date_to": self.period.date_to.isoformat(),
        }
        if self.line is not None:
            params["line"] = self.line.code
        if self.team is not None:
            params["team"] = self.team.pk
        params["status"] = Call.Status.ANALYSED
        params.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(params)

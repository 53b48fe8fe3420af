"""Which calls the contacts pages and API count: the calls that started on a period's local days,
of a line if one is chosen, among the calls the person may see (`Call.objects.visible_to`:
operators their own, managers their teams', trainers and admins all), and the call-list
addresses that open them (calls/filters.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from calls.local_days import started_on_days
from calls.models import Call, Line
from calls.taxonomy.problems.scope import Period
from project.roles import AnyUser


@dataclass(frozen=True)
class ContactScope:
    period: Period
    line: Line | None
    user: AnyUser

    def calls(self) -> QuerySet[Call]:
        calls = Call.objects.visible_to(self.user).filter(
            started_on_days(self.period.date_from, self.period.date_to)
        )
        return calls.filter(line=self.line) if self.line is not None else calls

    def closed_until(self, now: datetime) -> date:
        """The last local day whose calls' repeat window has closed by `now` (FCR counts those);
        a link to FCR's calls stops there."""
        last = timezone.localdate(now - timedelta(days=settings.REPEAT_WINDOW_DAYS)) - timedelta(
            days=1)
        return min(self.period.date_to, last)

    def calls_url(self, extra: dict[str, Any] | None = None, *, date_to: date | None = None
                  ) -> str:
        """The call list of these calls with `extra` filters (None and "" values left out)."""
        params: dict[str, Any] = {
            "date_from": self.period.date_from.isoformat(),
            "date_to": (date_to or self.period.date_to).isoformat(),
        }
        if self.line is not None:
            params["line"] = self.line.code
        params.update({key: value for key, value in (extra or {}).items()
                       if value not in (None, "")})
        return reverse("calls:list") + "?" + urlencode(params)

    def page_query(self, **extra: Any) -> str:
        params: dict[str, Any] = {
            "date_from": self.period.date_from.isoformat(),
            "date_to": self.period.date_to.isoformat(),
        }
        if self.line is not None:
            params["line"] = self.line.code
        params.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(params)

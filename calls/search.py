"""The search of calls a person picks a call from instead of typing its number — to evaluate one,
several for a calibration, one for an exemplar dialog: the call list's filters (calls/filters.py)
by file name (or external id), operator, dates and tag, over the calls this person may see, a
page at a time. One search for every page that picks calls (its fields:
calls/_call_search_fields.html)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

from calls.filters import CallFilter
from calls.models import Call

PER_PAGE = 25
# The call list's filters the search shows.
FIELDS = ("search", "operator", "date_from", "date_to", "tag")


@dataclass(frozen=True)
class CallSearch:
    filter: CallFilter
    page: Page[Call]
    is_filtered: bool

    @property
    def form(self) -> forms.Form:
        form: forms.Form = self.filter.form
        return form


def call_search(request: HttpRequest, user: User, *, per_page: int = PER_PAGE) -> CallSearch:
    """The calls matching the request's filters, newest first; a filter that does not validate
    (a foreign operator, a bad date, «по» before «с») shows its error and no calls, as the call
    list does."""
    calls = Call.objects.visible_to(user).select_related("operator", "line").order_by(
        "-started_at", "-id")
    call_filter = CallFilter(request.GET, queryset=calls, request=request)
    valid = call_filter.is_valid()
    data = call_filter.form.cleaned_data if valid else {}
    if valid and data.get("date_from") and data.get("date_to") and (
            data["date_from"] > data["date_to"]):
        call_filter.form.add_error("date_to", _("Дата «по» раньше даты «с»."))
        valid = False
    page = Paginator(call_filter.qs if valid else calls.none(), per_page).get_page(
        request.GET.get("page"))
    return CallSearch(filter=call_filter, page=page,
                      is_filtered=any(request.GET.get(name) for name in FIELDS))

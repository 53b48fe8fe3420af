"""Same-day alerts: a subscribed tag that crosses its threshold today e-mails the department once.

Every 15 minutes (calls/schedules.py) `alerts_check` counts, for each active department, the
analysed calls of the local day carrying each of its subscribed tags (distinct calls, whatever put
the tag there). The threshold of a tag:

- an admin's fixed minimum (TagAlertThreshold), when there is one; else
- learned from the tag's usual daily rate: λ = the mean daily count of analysed calls with the tag
  over the LEARN_DAYS local days before today. Read as a Poisson rate, the threshold is the
  smallest k with P(X ≥ k) ≤ ALERT_P for X ~ Poisson(λ) (k = ppf(1 − ALERT_P, λ) + 1): a day like
  that happens by chance about once in a hundred days, so a common tag does not alert every day.
  Never below MIN_THRESHOLD: a quiet tag (one or two calls a day) never alerts.

An alert is one row per (department, tag, day) — the unique constraint makes a second check that
day, or two workers at once, a no-op — written in one transaction with its shared example calls
and its e-mails (calls/departments/outbox.py), so the department gets one e-mail a day per tag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from scipy.stats import poisson

from calls.departments.links import findings_new_url
from calls.departments.outbox import email_queue
from calls.departments.sharing import share_calls
from calls.local_days import started_on_days
from calls.models import (
    Call,
    CallShare,
    CallTag,
    Department,
    DepartmentAlert,
    Speaker,
    Tag,
    TagAlertThreshold,
    TagEvidence,
)
from project.russian import plural, plural_form

logger = logging.getLogger(__name__)

LEARN_DAYS = 28
ALERT_P = 0.01
MIN_THRESHOLD = 3
EXAMPLES = 3
QUOTE_CHARS = 300


@dataclass(frozen=True)
class Threshold:
    value: int
    source: DepartmentAlert.ThresholdSource
    usual_daily: float | None

    @property
    def explanation(self) -> str:
        if self.source == DepartmentAlert.ThresholdSource.FIXED:
            calls = plural(self.value, "звонок,звонка,звонков")
            return f"порог {calls} в день задан администратором"
        usual = f"{self.usual_daily or 0:.1f}".replace(".", ",")
        return (
            f"обычно {usual} в день за последние {LEARN_DAYS} дней; "
            f"{plural(self.value, 'звонок,звонка,звонков')} и больше за день случаются реже "
            f"раза в сто дней (но порог не ниже {MIN_THRESHOLD})"
        )


def learned_threshold(usual_daily: float) -> int:
    """The smallest daily count a Poisson day of mean `usual_daily` reaches with p ≤ ALERT_P."""
    if usual_daily <= 0:
        return MIN_THRESHOLD
    return max(MIN_THRESHOLD, int(poisson.ppf(1 - ALERT_P, usual_daily)) + 1)


def _analysed_on(date_from: date, date_to: date) -> QuerySet[Call, Any]:
    return Call.objects.filter(
        started_on_days(date_from, date_to), status=Call.Status.ANALYSED
    ).values("pk")


def tag_counts(tag_ids: list[int], date_from: date, date_to: date) -> dict[int, int]:
    """Distinct analysed calls per tag over the local days date_from..date_to."""
    rows = (
        CallTag.objects.filter(tag_id__in=tag_ids, call_id__in=_analysed_on(date_from, date_to))
        .values("tag_id")
        .annotate(calls=Count("call_id", distinct=True))
        .order_by()
    )
    return {row["tag_id"]: row["calls"] for row in rows}


def thresholds(tag_ids: list[int], day: date) -> dict[int, Threshold]:
    fixed = dict(
        TagAlertThreshold.objects.filter(tag_id__in=tag_ids).values_list("tag_id", "minimum")
    )
    learn = [pk for pk in tag_ids if pk not in fixed]
    before = tag_counts(learn, day - timedelta(days=LEARN_DAYS), day - timedelta(days=1))
    result = {
        pk: Threshold(value=minimum, source=DepartmentAlert.ThresholdSource.FIXED,
                      usual_daily=None)
        for pk, minimum in fixed.items()
    }
    for pk in learn:
        usual = before.get(pk, 0) / LEARN_DAYS
        result[pk] = Threshold(value=learned_threshold(usual),
                               source=DepartmentAlert.ThresholdSource.LEARNED, usual_daily=usual)
    return result


_NUMBER_WORDS = {
    1: "Один", 2: "Два", 3: "Три", 4: "Четыре", 5: "Пять", 6: "Шесть", 7: "Семь", 8: "Восемь",
    9: "Девять", 10: "Десять",
}


def alert_headline(count: int, tag: Tag) -> str:
    """«Три клиента за день сообщили о теме «…»» with the right forms for the count."""
    number = _NUMBER_WORDS.get(count, str(count))
    customers = plural_form(count, "клиент,клиента,клиентов")
    verb = plural_form(count, "сообщил,сообщили,сообщили")
    return f"{number} {customers} за день {verb} о теме «{tag.name}»"


def _examples(tag: Tag, day: date) -> list[int]:
    """Up to EXAMPLES calls of the day with the tag, those with the customer's words first."""
    calls = CallTag.objects.filter(tag=tag, call_id__in=_analysed_on(day, day))
    spoken = list(
        calls.filter(evidence__segment__speaker=Speaker.CUSTOMER)
        .order_by("-call__started_at").values_list("call_id", flat=True).distinct()[:EXAMPLES]
    )
    if len(spoken) < EXAMPLES:
        others = calls.exclude(call_id__in=spoken).order_by("-call__started_at")
        spoken += list(others.values_list("call_id", flat=True).distinct()[:EXAMPLES - len(spoken)])
    return list(dict.fromkeys(spoken))


def customer_quotes(tag: Tag, call_ids: list[int]) -> list[dict[str, object]]:
    """The customer's segment behind the tag in each example call (one per call)."""
    evidence = (
        TagEvidence.objects.filter(call_tag__tag=tag, call_tag__call_id__in=call_ids,
                                   segment__speaker=Speaker.CUSTOMER)
        .select_related("segment", "call_tag")
        .order_by("call_tag__call_id", "start")
    )
    quotes: dict[int, dict[str, object]] = {}
    for item in evidence:
        call_id = item.call_tag.call_id
        if call_id not in quotes:
            quotes[call_id] = {"call": call_id, "start": item.segment.start,
                               "text": item.segment.text[:QUOTE_CHARS]}
    return [quotes[pk] for pk in call_ids if pk in quotes]


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def call_link(call_id: int, start: float | None = None) -> str:
    url = reverse("calls:detail", args=[call_id])
    return _absolute(url + (f"#t={start:.1f}" if start is not None else ""))


def alert_message(alert: DepartmentAlert, threshold: Threshold) -> tuple[str, str, str]:
    """(subject, text, HTML) of the alert's e-mail."""
    headline = alert_headline(alert.count, alert.tag)
    call_ids = list(alert.calls.order_by("-started_at").values_list("pk", flat=True))
    finding_url = findings_new_url(
        tag=alert.tag, department=alert.department, source="alert", source_ref=str(alert.pk),
        call_ids=call_ids, title=headline,
    )
    context = {
        "alert": alert,
        "headline": headline,
        "count_text": plural(alert.count, "звонок,звонка,звонков"),
        "threshold_text": threshold.explanation,
        "calls": [call_link(pk) for pk in call_ids],
        "quotes": [
            {**quote, "url": call_link(int(str(quote["call"])), float(str(quote["start"])))}
            for quote in alert.quotes
        ],
        "page_url": _absolute(reverse("departments:mine")),
        "finding_url": finding_url and _absolute(finding_url),
    }
    return (
        headline,
        render_to_string("departments/alert_email.txt", context),
        render_to_string("departments/alert_email.html", context),
    )


def alert_raise(
    *, department: Department, tag: Tag, day: date, count: int, threshold: Threshold
) -> DepartmentAlert | None:
    """Write the day's alert for the tag, share its example calls and queue its e-mails, in one
    transaction; None when the department already had this alert today."""
    if DepartmentAlert.objects.filter(department=department, tag=tag, day=day).exists():
        return None
    examples = _examples(tag, day)
    try:
        with transaction.atomic():
            alert = DepartmentAlert.objects.create(
                department=department, tag=tag, day=day, count=count,
                threshold=threshold.value, threshold_source=threshold.source,
                usual_daily=threshold.usual_daily, quotes=customer_quotes(tag, examples),
            )
            alert.calls.set(examples)
            share_calls(department=department, call_ids=examples, reason=CallShare.Reason.ALERT)
            subject, text, html = alert_message(alert, threshold)
            for address in department_addresses(department):
                email_queue(department=department, to=address, subject=subject, text=text,
                            html=html, alert=alert)
    except IntegrityError:
        # Another worker raised it a moment ago: one alert a day per tag.
        return None
    return alert


def department_addresses(department: Department) -> list[str]:
    return sorted(set(
        department.members.filter(is_active=True).exclude(email="")
        .values_list("email", flat=True)
    ))


def alerts_check(*, now: datetime | None = None) -> list[DepartmentAlert]:
    """Check today's counts of every active department's subscribed tags; the alerts raised."""
    day = timezone.localdate(now or timezone.now())
    raised = []
    departments = list(Department.objects.filter(is_active=True))
    subscribed = {d.pk: list(d.subscribed_tags()) for d in departments}
    tag_ids = sorted({tag.pk for tags in subscribed.values() for tag in tags})
    if not tag_ids:
        return []
    today = tag_counts(tag_ids, day, day)
    crossing = [pk for pk in tag_ids if today.get(pk, 0) > 0]
    limits = thresholds(crossing, day)
    for department in departments:
        for tag in subscribed[department.pk]:
            count = today.get(tag.pk, 0)
            threshold = limits.get(tag.pk)
            if threshold is None or count < threshold.value:
                continue
            alert = alert_raise(department=department, tag=tag, day=day, count=count,
                                threshold=threshold)
            if alert is not None:
                logger.info("Alert for %s: %s calls with %s on %s (threshold %s)",
                            department.code, count, tag.code, day, threshold.value)
                raised.append(alert)
    return raised

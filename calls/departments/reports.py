"""A department's weekly report: what its subscribed tags said last week (Monday to Sunday).

- «Три частых вопроса от новых клиентов»: among the week's analysed calls of customers calling for
  the first time (ContactLink.previous is None: no earlier call of theirs in the archive), the
  three subscribed tags on the most calls.
- The main reasons for repeat contacts: `calls.contacts.queries.repeat_reasons` over the week's
  calls (the tags of the earlier calls that brought customers back), kept to the subscribed tags.
- The top problems: each subscribed tag's calls and share of the week's analysed calls against the
  week before, the change tested by project/stats/proportions.share_change (two-proportion z-test,
  Fisher's exact test when counts are small) with Newcombe's interval.

Each item keeps two or three example calls (the latest), shared with the department when the
report is stored and sent (`report_send`): its members may open those calls and no others. The
built content is JSON (DepartmentReport.content), so the page, the e-mail, the PDF and the API
show what was sent, not what the archive says today.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from calls.contacts.queries import repeat_reasons
from calls.departments.alerts import department_addresses
from calls.departments.links import findings_new_url
from calls.departments.outbox import email_queue
from calls.departments.sharing import share_calls
from calls.local_days import started_on_days
from calls.models import (
    Call,
    CallShare,
    CallTag,
    ContactLink,
    Department,
    DepartmentReport,
    Tag,
)
from calls.weeks import Week
from project.roles import AnyUser
from project.russian import plural
from project.stats.proportions import share_change

logger = logging.getLogger(__name__)

EXAMPLES = 3
NEW_CUSTOMER_TOPICS = 3
REPEAT_REASONS = 5
TOP_PROBLEMS = 5
# A change is called significant below this p-value.
ALPHA = 0.05


@dataclass(frozen=True)
class WeeklyReport:
    department: Department
    week: Week
    content: dict[str, Any]

    def call_ids(self) -> list[int]:
        return list(self.content["call_ids"])


def week_calls(week: Week) -> QuerySet[Call]:
    return Call.objects.filter(
        started_on_days(week.monday, week.sunday), status=Call.Status.ANALYSED
    )


def _tag_counts(tag_ids: list[int], calls: QuerySet[Call]) -> dict[int, int]:
    rows = (
        CallTag.objects.filter(tag_id__in=tag_ids, call_id__in=calls.values("pk"))
        .values("tag_id").annotate(n=Count("call_id", distinct=True)).order_by()
    )
    return {row["tag_id"]: row["n"] for row in rows}


def _examples(tag_id: int, calls: QuerySet[Call]) -> list[int]:
    return list(
        calls.filter(call_tags__tag_id=tag_id).order_by("-started_at")
        .values_list("pk", flat=True).distinct()[:EXAMPLES]
    )


def _tag(tag: Tag) -> dict[str, Any]:
    return {"id": tag.pk, "code": tag.code, "name": tag.name}


def weekly_report(*, department: Department, week: Week) -> WeeklyReport:
    """Build the week's report of the department (a read: nothing is stored or shared)."""
    tags = {tag.pk: tag for tag in department.subscribed_tags()}
    tag_ids = sorted(tags)
    calls = week_calls(week)
    previous_calls = week_calls(week.previous)
    analysed = calls.count()
    previous_analysed = previous_calls.count()
    call_ids: list[int] = []

    first_calls = calls.filter(
        pk__in=ContactLink.objects.filter(previous=None).values("call_id")
    )
    first_count = first_calls.count()
    new_counts = _tag_counts(tag_ids, first_calls)
    new_items = []
    for tag_id, n in sorted(new_counts.items(), key=lambda kv: (-kv[1], tags[kv[0]].name))[
        :NEW_CUSTOMER_TOPICS
    ]:
        examples = _examples(tag_id, first_calls)
        call_ids += examples
        new_items.append({"tag": _tag(tags[tag_id]), "calls": n,
                          "share": n / first_count if first_count else 0.0,
                          "examples": examples})

    repeat_items = []
    for reason in repeat_reasons(calls=calls, tag_ids=tag_ids, limit=REPEAT_REASONS):
        call_ids += [pk for pair in reason.examples for pk in pair]
        repeat_items.append({
            "tag": _tag(reason.tag), "repeats": reason.repeats,
            "same_tag": reason.same_tag, "share": reason.share,
            "examples": [repeat for repeat, _ in reason.examples],
            "earlier": [first for _, first in reason.examples],
        })

    counts = _tag_counts(tag_ids, calls)
    previous_counts = _tag_counts(tag_ids, previous_calls)
    ranked = sorted(
        set(counts) | set(previous_counts),
        key=lambda pk: (-counts.get(pk, 0), -previous_counts.get(pk, 0), tags[pk].name),
    )[:TOP_PROBLEMS]
    problems = []
    for tag_id in ranked:
        n, before = counts.get(tag_id, 0), previous_counts.get(tag_id, 0)
        change = share_change(before=before, before_trials=previous_analysed, after=n,
                              after_trials=analysed)
        examples = _examples(tag_id, calls)
        call_ids += examples
        problems.append({
            "tag": _tag(tags[tag_id]),
            "calls": n,
            "share": n / analysed if analysed else 0.0,
            "previous_calls": before,
            "previous_share": before / previous_analysed if previous_analysed else 0.0,
            "change": None if change is None else {
                "difference": change.difference,
                "low": change.interval.low,
                "high": change.interval.high,
                "p_value": change.p_value,
                "test": change.test,
                "significant": change.p_value < ALPHA,
            },
            "examples": examples,
        })

    content = {
        "week": week.code,
        "date_from": week.monday.isoformat(),
        "date_to": week.sunday.isoformat(),
        "analysed": analysed,
        "previous_analysed": previous_analysed,
        "first_contacts": first_count,
        "new_customers": new_items,
        "repeat_reasons": repeat_items,
        "problems": problems,
        "call_ids": sorted(set(call_ids)),
    }
    return WeeklyReport(department=department, week=week, content=content)


# --- Presentation: the page, the e-mail and the PDF read the stored content the same way --------


def _calls_url(content: dict[str, Any], *, absolute: bool, week: str = "this", **filters: Any
               ) -> str:
    """The call list of the report's week (or the week before) with `filters`."""
    monday = date.fromisoformat(content["date_from"])
    the_week = Week(monday=monday) if week == "this" else Week(monday=monday).previous
    params = {"date_from": the_week.monday.isoformat(), "date_to": the_week.sunday.isoformat(),
              "status": Call.Status.ANALYSED, **filters}
    url = reverse("calls:list") + "?" + urlencode(params)
    return settings.SITE_URL + url if absolute else url


def _call_url(pk: int, *, absolute: bool) -> str:
    url = reverse("calls:detail", args=[pk])
    return settings.SITE_URL + url if absolute else url


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def content_for(content: dict[str, Any], user: AnyUser | None) -> dict[str, Any]:
    """The report's content as `user` may read it: the example calls they may not open are left
    out (a manager reading a department's report sees the examples of their teams' calls); the
    counts are the department's, as it received them. `None`: the recipients' copy, whole."""
    if user is None:
        return content
    ids = set(content["call_ids"])
    visible = set(Call.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))

    def keep(item: dict[str, Any]) -> dict[str, Any]:
        kept = {**item, "examples": [pk for pk in item["examples"] if pk in visible]}
        if "earlier" in item:
            kept["earlier"] = [pk for pk in item["earlier"] if pk in visible]
        return kept

    return {
        **content,
        "new_customers": [keep(item) for item in content["new_customers"]],
        "repeat_reasons": [keep(item) for item in content["repeat_reasons"]],
        "problems": [keep(item) for item in content["problems"]],
        "call_ids": sorted(ids & visible),
    }


def report_view(report: DepartmentReport, *, absolute: bool = False,
                user: AnyUser | None = None) -> dict[str, Any]:
    """The template context of a stored report: its items with their links and words; with a
    `user`, only the example calls they may open."""
    content = content_for(report.content, user)
    department = report.department

    def examples(ids: list[int]) -> list[dict[str, Any]]:
        return [{"pk": pk, "url": _call_url(pk, absolute=absolute)} for pk in ids]

    def finding(item: dict[str, Any], source: str, title: str) -> str:
        url = findings_new_url(
            tag=Tag(code=item["tag"]["code"]), department=department, source=source,
            source_ref=f"{content['week']}:{item['tag']['code']}", call_ids=item["examples"],
            title=title,
        )
        return settings.SITE_URL + url if url and absolute else url

    new_items = [{
        **item,
        "calls_text": plural(item["calls"], "звонок,звонка,звонков"),
        "share_text": _percent(item["share"]),
        "calls_url": _calls_url(content, absolute=absolute, tag=item["tag"]["code"],
                                contact=ContactLink.Kind.FIRST),
        "example_links": examples(item["examples"]),
        "finding_url": finding(item, "report", f"Новые клиенты: {item['tag']['name']}"),
    } for item in content["new_customers"]]
    repeat_items = [{
        **item,
        "repeats_text": plural(item["repeats"], "повторное обращение,повторных обращения,"
                                                "повторных обращений"),
        "share_text": _percent(item["share"]),
        "calls_url": _calls_url(content, absolute=absolute, contact=ContactLink.Kind.REPEAT,
                                repeat_of_tag=item["tag"]["code"]),
        "example_links": examples(item["examples"]),
        "finding_url": finding(item, "report", f"Повторные обращения: {item['tag']['name']}"),
    } for item in content["repeat_reasons"]]
    problems = []
    for item in content["problems"]:
        change = item["change"]
        if change is None:
            change_text = "не с чем сравнить"
        else:
            points = f"{change['difference'] * 100:+.1f}".replace(".", ",").replace("-", "−")
            change_text = f"{points} п.п."
            change_text += (" — заметное изменение" if change["significant"]
                            else " — в пределах случайного")
        problems.append({
            **item,
            "calls_text": plural(item["calls"], "звонок,звонка,звонков"),
            "previous_text": plural(item["previous_calls"], "звонок,звонка,звонков"),
            "share_text": _percent(item["share"]),
            "previous_share_text": _percent(item["previous_share"]),
            "change_text": change_text,
            "calls_url": _calls_url(content, absolute=absolute, tag=item["tag"]["code"]),
            "previous_url": _calls_url(content, absolute=absolute, week="previous",
                                       tag=item["tag"]["code"]),
            "example_links": examples(item["examples"]),
            "finding_url": finding(item, "top_problem", f"Проблема: {item['tag']['name']}"),
        })
    dates = (f"{date.fromisoformat(content['date_from']):%d.%m}–"
             f"{date.fromisoformat(content['date_to']):%d.%m.%Y}")
    return {
        "report": report,
        "department": department,
        "content": content,
        "dates": dates,
        "analysed_text": plural(content["analysed"], "проанализированный звонок,"
                                "проанализированных звонка,проанализированных звонков"),
        "analysed_url": _calls_url(content, absolute=absolute),
        "first_text": plural(content["first_contacts"], "звонок,звонка,звонков"),
        "first_url": _calls_url(content, absolute=absolute, contact=ContactLink.Kind.FIRST),
        "new_items": new_items,
        "repeat_items": repeat_items,
        "problems": problems,
        "page_url": (settings.SITE_URL if absolute else "") + reverse(
            "departments:report", args=[department.pk, content["week"]]),
    }


def report_subject(report: DepartmentReport, dates: str) -> str:
    return f"{report.department.name}: отчёт о звонках за неделю {dates}"


def report_pdf(report: DepartmentReport, user: AnyUser | None = None) -> bytes:
    """The report as a PDF, drawn by WeasyPrint offline: CSS inline, only data: URLs fetched.
    With a `user`, only the example calls they may open."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("departments/report_pdf.html",
                            report_view(report, absolute=True, user=user))
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    assert pdf is not None  # no target given: the bytes are returned
    return pdf


def report_filename(report: DepartmentReport) -> str:
    return f"report-{report.department.code}-{report.content['week']}.pdf"


def report_send(*, department: Department, week: Week) -> DepartmentReport:
    """Build, store and send the department's report of the week: the report, the shares of its
    example calls and its e-mails in one transaction (the PDF drawn before it). A report already
    stored for that week is returned as it is, not sent again."""
    existing = DepartmentReport.objects.filter(department=department, week=week.monday).first()
    if existing is not None:
        return existing
    built = weekly_report(department=department, week=week)
    draft = DepartmentReport(department=department, week=week.monday, content=built.content)
    view = report_view(draft, absolute=True)
    subject = report_subject(draft, view["dates"])
    text = render_to_string("departments/report_email.txt", view)
    html = render_to_string("departments/report_email.html", view)
    pdf = report_pdf(draft)
    try:
        with transaction.atomic():
            draft.save()
            share_calls(department=department, call_ids=built.call_ids(),
                        reason=CallShare.Reason.REPORT)
            for address in department_addresses(department):
                email_queue(department=department, to=address, subject=subject, text=text,
                            html=html, attachment=pdf, attachment_name=report_filename(draft),
                            report=draft)
    except IntegrityError:
        # Another run stored it first.
        return DepartmentReport.objects.get(department=department, week=week.monday)
    return draft


def reports_send_weekly(*, today: date | None = None) -> int:
    """Monday's run: last week's report for every active department; the number stored now."""
    week = Week.last_full(today or timezone.localdate())
    stored = 0
    for department in Department.objects.filter(is_active=True):
        before = DepartmentReport.objects.filter(department=department, week=week.monday).exists()
        report_send(department=department, week=week)
        stored += not before
    return stored

"""The weekly report on data built by hand: new customers' questions, repeat reasons, top
problems with the change against the week before, examples, and sending it once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from calls.departments.outbox import outbox_send_due
from calls.departments.reports import report_send, reports_send_weekly, weekly_report
from calls.models import Call, CallShare, ContactLink, DepartmentReport, OutgoingEmail
from calls.weeks import Week
from tests.factories import CallFactory, TagFactory
from tests.factories_departments import DepartmentFactory, department_member, tagged_call

pytestmark = pytest.mark.django_db

WEEK = Week(monday=date(2026, 3, 2))  # 2026-W10


def _at(day: int, hour: int = 12, week: Week = WEEK) -> datetime:
    return timezone.make_aware(datetime.combine(week.monday + timedelta(days=day),
                                                datetime.min.time()).replace(hour=hour))


@pytest.fixture
def world() -> dict[str, object]:
    a, b, c, d = (TagFactory(name=name, code=code) for name, code in [
        ("Навигация", "nav"), ("Доставка", "delivery"), ("Оплата", "billing"),
        ("Возврат", "refund")])
    outside = TagFactory(name="Чужой", code="outside")
    department = DepartmentFactory(tags=[a, b, c, d], members=[department_member()])
    # First contacts this week: nav ×3, delivery ×2, billing ×1, refund ×1, outside ×5.
    firsts = {tag.code: [tagged_call(tag, started_at=_at(i % 7, 9 + i), first=True)
                         for i in range(n)]
              for tag, n in [(a, 3), (b, 2), (c, 1), (d, 1), (outside, 5)]}
    # Refund from customers who called before: 4 more this week; 1 refund the week before.
    for i in range(4):
        tagged_call(d, started_at=_at(i, 15), first=False)
    tagged_call(d, started_at=_at(2, 10, WEEK.previous))
    # The week before: 6 nav calls (nav falls from 6 to 3).
    for i in range(6):
        tagged_call(a, started_at=_at(i, 11, WEEK.previous))
    # A delivery call last week brought a customer back this week; an outside one too.
    earlier = tagged_call(b, started_at=_at(4, 10, WEEK.previous))
    again = CallFactory(started_at=_at(1, 16))
    ContactLink.objects.create(call=again, previous=earlier, repeat_of=earlier,
                               kind=ContactLink.Kind.REPEAT, started_at=again.started_at)
    earlier_outside = tagged_call(outside, started_at=_at(5, 10, WEEK.previous))
    again_outside = CallFactory(started_at=_at(2, 16))
    ContactLink.objects.create(call=again_outside, previous=earlier_outside,
                               repeat_of=earlier_outside, kind=ContactLink.Kind.REPEAT,
                               started_at=again_outside.started_at)
    return {"department": department, "firsts": firsts, "again": again, "earlier": earlier}


def test_report_contents(world: dict[str, object]) -> None:
    report = weekly_report(department=world["department"], week=WEEK)  # type: ignore[arg-type]
    content = report.content
    this_week = 12 + 4 + 2  # firsts, returning refunds, the two repeats
    assert content["week"] == "2026-W10"
    assert content["analysed"] == this_week
    assert content["previous_analysed"] == 1 + 6 + 1 + 1
    assert content["first_contacts"] == 12

    assert [(i["tag"]["code"], i["calls"]) for i in content["new_customers"]] == [
        ("nav", 3), ("delivery", 2), ("refund", 1)]  # billing ties refund: by name, «Возврат»
    assert content["new_customers"][0]["share"] == pytest.approx(3 / 12)
    nav_firsts = {c.pk for c in world["firsts"]["nav"]}  # type: ignore[index]
    assert set(content["new_customers"][0]["examples"]) == nav_firsts

    (reason,) = content["repeat_reasons"]
    assert (reason["tag"]["code"], reason["repeats"]) == ("delivery", 1)
    assert reason["examples"] == [world["again"].pk]  # type: ignore[attr-defined]
    assert reason["earlier"] == [world["earlier"].pk]  # type: ignore[attr-defined]

    problems = {p["tag"]["code"]: p for p in content["problems"]}
    assert [p["tag"]["code"] for p in content["problems"]] == ["refund", "nav", "delivery",
                                                                 "billing"]
    assert (problems["refund"]["calls"], problems["refund"]["previous_calls"]) == (5, 1)
    assert (problems["nav"]["calls"], problems["nav"]["previous_calls"]) == (3, 6)
    change = problems["nav"]["change"]
    assert change["difference"] == pytest.approx(3 / this_week - 6 / 9)
    assert change["test"] == "fisher"  # few calls: the exact test
    assert all(len(p["examples"]) <= 3 for p in content["problems"])
    assert len(problems["refund"]["examples"]) == 3
    # Every example is among the calls the report would share; nothing of the outside tag.
    shown = {pk for p in content["problems"] for pk in p["examples"]}
    assert shown <= set(content["call_ids"])
    outside = {c.pk for c in world["firsts"]["outside"]}  # type: ignore[index]
    assert not outside & set(content["call_ids"])


def test_a_department_with_no_tags_gets_an_empty_report() -> None:
    department = DepartmentFactory()
    tagged_call(TagFactory(), started_at=_at(1), first=True)
    content = weekly_report(department=department, week=WEEK).content
    assert content["new_customers"] == content["repeat_reasons"] == content["problems"] == []
    assert content["call_ids"] == []


def test_report_send_stores_shares_and_mails_the_pdf_once(world: dict[str, object]) -> None:
    department = world["department"]
    report = report_send(department=department, week=WEEK)  # type: ignore[arg-type]
    outbox_send_due()

    assert DepartmentReport.objects.get() == report
    shared = set(CallShare.objects.filter(department=department).values_list("call_id",
                                                                              flat=True))
    assert shared == set(report.content["call_ids"]) and shared
    (message,) = mail.outbox
    assert message.subject.endswith("отчёт о звонках за неделю 02.03–08.03.2026")
    assert "Три частых вопроса от новых клиентов" in message.body
    assert "Навигация — 3\xa0звонка" in message.body
    (name, pdf, kind) = message.attachments[0]
    assert (name, kind) == (f"report-{department.code}-2026-W10.pdf", "application/pdf")  # type: ignore[attr-defined]
    assert pdf[:5] == b"%PDF-"
    html = message.alternatives[0][0]
    assert "Главные причины повторных обращений" in html

    # A second run of the schedule finds the report stored: nothing built or sent again.
    assert report_send(department=department, week=WEEK) == report  # type: ignore[arg-type]
    outbox_send_due()
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.count() == 1


def test_monday_run_reports_last_week_for_active_departments(world: dict[str, object]) -> None:
    DepartmentFactory(is_active=False)
    assert reports_send_weekly(today=WEEK.next.monday) == 1
    assert reports_send_weekly(today=WEEK.next.monday) == 0
    assert DepartmentReport.objects.get().week == WEEK.monday
    assert Call.objects.count() > 0


def test_repeat_reasons_kept_to_a_departments_tags_agree_with_all_of_them() -> None:
    from calls.contacts.queries import repeat_reasons
    from tests.factories import CallTagFactory

    delivery, billing, other = TagFactory(), TagFactory(), TagFactory()
    at = _at(0, 9, WEEK.previous)
    firsts = [tagged_call(delivery, started_at=at) for _ in range(2)]
    CallTagFactory(call=firsts[0], tag=delivery, source="manual")  # counted once
    CallTagFactory(call=firsts[1], tag=billing)
    third = tagged_call(other, started_at=at)

    def repeat(first: Call, day: int, *tags: object) -> Call:
        call = CallFactory(started_at=_at(day, 10))
        for tag in tags:
            CallTagFactory(call=call, tag=tag)
        ContactLink.objects.create(call=call, previous=first, repeat_of=first,
                                   kind=ContactLink.Kind.REPEAT, started_at=call.started_at)
        return call

    repeat(firsts[0], 0, delivery)
    repeat(firsts[0], 2)
    repeat(firsts[1], 3, billing)
    repeat(third, 4)
    calls = Call.objects.filter(started_at__gte=_at(0, 0))
    expected = {(r.tag.pk, r.repeats, r.same_tag, round(r.share, 6), tuple(r.examples))
                for r in repeat_reasons(calls=calls) if r.tag.pk in (delivery.pk, billing.pk)}
    got = {(r.tag.pk, r.repeats, r.same_tag, round(r.share, 6), tuple(r.examples))
           for r in repeat_reasons(calls=calls, tag_ids=[delivery.pk, billing.pk])}
    assert got == expected
    assert {(tag, n, same) for tag, n, same, _share, _examples in got} == {
        (delivery.pk, 3, 1), (billing.pk, 1, 1)}

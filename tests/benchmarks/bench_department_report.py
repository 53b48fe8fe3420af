"""A department's weekly report and the same-day alert check at contact-center scale (issue 19
§6, docs/departments.md).

Run: ``.venv/bin/python tests/benchmarks/bench_department_report.py [--calls N] [--db FILE]``;
on PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty db>``.

Builds the taxonomy benchmark's archive (tests/benchmarks/bench_taxonomy_scale.py `create_data`:
N analysed calls over 60 days, about 3 tags a call, Zipf popularity), then gives the calls
customers in bulk — 40% of N customers, a few of them calling often — and writes their
ContactLink rows (previous call, gap, first / transfer within 15 minutes / repeat within 7 days,
came_back), as calls/contacts/ does. A department subscribes to two problem categories (15 tags).
Then times, 5 runs each, median and worst:

- `weekly_report` of last week (new customers' questions, repeat reasons, top problems);
- the stored report's page (GET, as an admin and as the department's member) and its API;
- `alerts_check` over today (every department's subscribed tags), once raising alerts and then
  as the schedule runs every 15 minutes.

Target: each within 1 s, on SQLite and on PostgreSQL. The PDF (WeasyPrint) is timed once: it is
drawn when the report is sent, not when a page is opened.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.benchmarks.bench_taxonomy_scale import (  # noqa: E402
    TARGET_SECONDS,
    create_data,
    setup_django,
    timed,
)

WINDOW = timedelta(days=7)
TRANSFER = timedelta(minutes=15)


def add_customers(*, seed: int = 11) -> int:
    """Customer keys and contact links for every call, in bulk; the number of links."""
    from django.db import transaction

    from calls.models import Call, ContactLink

    rng = random.Random(seed)
    calls = list(Call.objects.order_by("started_at", "pk").values_list("pk", "started_at"))
    customers = max(1, int(len(calls) * 0.4))
    # A few customers call often (Zipf-like), most once or twice.
    weights = [1 / (rank + 1) ** 0.6 for rank in range(customers)]
    keys = rng.choices(range(customers), weights, k=len(calls))
    last: dict[int, tuple[int, object]] = {}
    links: list[ContactLink] = []
    came_back: set[int] = set()
    updates: dict[str, list[int]] = {}
    for (pk, started_at), key in zip(calls, keys, strict=True):
        updates.setdefault(f"bench-customer-{key}", []).append(pk)
        previous = last.get(key)
        kind, repeat_of, gap = ContactLink.Kind.FIRST, None, None
        if previous is not None:
            gap = (started_at - previous[1]).total_seconds()  # type: ignore[operator]
            if gap < TRANSFER.total_seconds():
                kind = ContactLink.Kind.TRANSFER
            elif gap <= WINDOW.total_seconds():
                kind, repeat_of = ContactLink.Kind.REPEAT, previous[0]
                came_back.add(previous[0])
        links.append(ContactLink(call_id=pk, previous_id=previous[0] if previous else None,
                                 gap_seconds=gap, kind=kind, repeat_of_id=repeat_of,
                                 started_at=started_at))
        last[key] = (pk, started_at)
    for link in links:
        link.came_back = link.call_id in came_back
    with transaction.atomic():
        for key, ids in updates.items():
            Call.objects.filter(pk__in=ids).update(customer_key=key)
        ContactLink.objects.bulk_create(links, batch_size=5000)
    return len(links)


def measure() -> bool:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from calls.departments.alerts import alerts_check
    from calls.departments.reports import report_pdf, report_send, weekly_report
    from calls.models import Department, DepartmentAlert, TagCategory
    from calls.weeks import Week
    from project.roles import Role

    department, _ = Department.objects.get_or_create(code="bench-logistics",
                                                     defaults={"name": "Логистика"})
    department.categories.set(TagCategory.objects.filter(is_problem=True).order_by("order")[:2])
    member, _ = User.objects.get_or_create(username="bench-member",
                                           defaults={"email": "m@example.com"})
    member.groups.add(Group.objects.get_or_create(name=Role.DEPARTMENT.value)[0])
    department.members.add(member)
    admin, _ = User.objects.get_or_create(username="bench-admin")
    admin.groups.add(Group.objects.get_or_create(name=Role.ADMIN.value)[0])
    week = Week.last_full(timezone.localdate())
    print(f"  department subscribed to {department.subscribed_tags().count()} tags; "
          f"week {week.code}", flush=True)

    worst = timed("weekly_report (last week)",
                  lambda: weekly_report(department=department, week=week))
    content = weekly_report(department=department, week=week).content
    print(f"  {content['analysed']} analysed calls that week, {content['first_contacts']} first "
          f"contacts; {len(content['repeat_reasons'])} repeat reasons, "
          f"{len(content['problems'])} problems, {len(content['call_ids'])} example calls",
          flush=True)
    department.reports.filter(week=week.monday).delete()
    started = time.perf_counter()
    report = report_send(department=department, week=week)
    print(f"  report_send (build, PDF, share, queue): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms (once)", flush=True)
    started = time.perf_counter()
    report_pdf(report)
    print(f"  report PDF alone: {(time.perf_counter() - started) * 1000:.0f} ms (once)",
          flush=True)

    page = f"/departments/{department.pk}/reports/{week.code}/"
    api = f"/api/v1/departments/{department.pk}/reports/{week.code}/"
    for user, label in ((admin, "admin"), (member, "member")):
        client = Client()
        client.force_login(user)

        def get(url: str, c: Client = client) -> None:
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)

        get(page)  # the first request loads URLconf and templates: not timed
        worst = max(worst, timed(f"GET report page ({label})", lambda g=get: g(page)))
        worst = max(worst, timed(f"GET report API ({label})", lambda g=get: g(api)))
        worst = max(worst, timed(f"GET /departments/mine/ or list ({label})",
                                 lambda g=get, u=label: g("/departments/mine/" if u == "member"
                                                          else "/departments/")))

    now = timezone.now()
    DepartmentAlert.objects.all().delete()
    started = time.perf_counter()
    raised = alerts_check(now=now)
    first = time.perf_counter() - started
    print(f"  alerts_check over today, first run: {len(raised)} alerts raised in "
          f"{first * 1000:.0f} ms", flush=True)
    worst = max(worst, first)
    worst = max(worst, timed("alerts_check over today (15-minute run)",
                             lambda: alerts_check(now=now)))
    print(f"  worst of all: {worst * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms)")
    return worst <= TARGET_SECONDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite file to build (or reuse when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args.db or Path(folder) / "bench.sqlite3")
        from django.db import connection

        from calls.models import Call, ContactLink

        if not Call.objects.exists():
            started = time.perf_counter()
            made = create_data(calls=args.calls, tags_per_call=3.0)
            print(f"Built {made['calls']} calls and {made['call_tags']} call tags in "
                  f"{time.perf_counter() - started:.0f} s ({connection.vendor})", flush=True)
        if not ContactLink.objects.exists():
            started = time.perf_counter()
            links = add_customers()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql"
                               else "ANALYZE")
            print(f"Linked {links} calls to customers in {time.perf_counter() - started:.0f} s",
                  flush=True)
        print(f"Timings ({connection.vendor}):", flush=True)
        return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())

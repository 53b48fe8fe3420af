"""The manager's dashboard at contact-center scale (issue 19 §6).

Run: ``.venv/bin/python tests/benchmarks/bench_dashboard.py [--calls N] [--db FILE]``; on
PostgreSQL: ``createdb -h 127.0.0.1 -U postgres <fresh name>`` and
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>``.

Builds N analysed calls (default 100,000) over the last 60 days with everything the figures read
(tests/benchmarks/action_data.py; ids in the order of the calls' start, as calls arrive —
``--random-order`` for create_data's random order, the worst case), VACUUM ANALYZE / ANALYZE
as after a bulk insert, then times, 5 runs each, median and worst (and the process's CPU time):

- the dashboard query (calls/dashboard/queries.py) for an admin over the default 28 days (with
  the previous 28 as the trend's base), over one line, over one team; for a manager (their team)
  and for an operator (their own calls);
- the page GET /dashboard/ and the API GET /api/v1/dashboard/ as an admin.

Target: each within 1 s, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_taxonomy_scale import (  # noqa: E402
    TARGET_SECONDS,
    setup_django,
    timed,
)


def measure() -> bool:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from calls.dashboard.queries import dashboard, default_period
    from calls.models import Line, Operator, Team
    from project.roles import Role

    now = timezone.now()
    period = default_period(timezone.localdate(now))
    admin, _created = User.objects.get_or_create(username="bench-admin")
    admin.groups.add(Group.objects.get_or_create(name=Role.ADMIN.value)[0])
    manager = User.objects.get(username="bench-manager-0")
    operator = Operator.objects.filter(code__startswith="bench", team__manager=manager).first()
    assert operator is not None
    if operator.user is None:
        operator.user = User.objects.create(username="bench-operator")
        operator.user.groups.add(Group.objects.get_or_create(name=Role.OPERATOR.value)[0])
        operator.save(update_fields=["user"])
    line = Line.objects.get(code="bench0")
    team = Team.objects.get(manager=manager)

    board = dashboard(user=admin, period=period, now=now)
    print(f"  {board.analysed} analysed calls in {period.date_from}..{period.date_to}, "
          f"{board.previous_analysed} in the previous 28 days", flush=True)
    for figure in board.figures:
        print(f"    {figure.metric.code:<16} {figure.value!s:<22} over {figure.measured} calls; "
              f"before {figure.previous_value!s:<22} trend {figure.trend.word}", flush=True)
    print(f"    top problem: {board.problems.problems[0].tag.name}; open findings: "
          f"{board.findings.open if board.findings else '-'}", flush=True)

    worst = 0.0
    cases = [
        ("dashboard(), admin, 28 days + previous 28", lambda: dashboard(
            user=admin, period=period, now=now)),
        ("dashboard(), admin, one line", lambda: dashboard(
            user=admin, period=period, line=line, now=now)),
        ("dashboard(), admin, one team", lambda: dashboard(
            user=admin, period=period, team=team, now=now)),
        ("dashboard(), manager (their team)", lambda: dashboard(
            user=manager, period=period, now=now)),
        ("dashboard(), operator (own calls)", lambda: dashboard(
            user=operator.user, period=period, now=now)),
    ]
    for name, action in cases:
        worst = max(worst, timed(name, action))

    client = Client()
    client.force_login(admin)

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    # A process's first request loads the URLconf, templates and DRF: once, not timed.
    get("/dashboard/")
    get("/api/v1/dashboard/")
    worst = max(worst, timed("GET /dashboard/ (page, admin, 28 days)", lambda: get("/dashboard/")))
    worst = max(worst, timed("GET /api/v1/dashboard/ (admin, 28 days)",
                             lambda: get("/api/v1/dashboard/")))
    print(
        f"  worst of all: {worst * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return worst <= TARGET_SECONDS


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument(
        "--random-order", action="store_true",
        help="keep create_data's random start times (neighbouring ids days apart): the worst "
        "case for reading a period's calls",
    )
    parser.add_argument(
        "--db", type=Path, default=None, help="SQLite file to build (or reuse when it exists)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db or Path(folder) / "bench.sqlite3"
        setup_django(db_path)
        from django.db import connection

        from calls.models import Call
        from tests.benchmarks.action_data import create_action_data

        if not Call.objects.exists():
            started = time.perf_counter()
            made = create_action_data(calls=args.calls, arrival_order=not args.random_order)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            print(
                f"Built {made} in {time.perf_counter() - started:.0f} s ({connection.vendor})",
                flush=True,
            )
        return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())

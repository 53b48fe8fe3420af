"""Coaching at contact-center scale, and how often the cycle's verdict is right.

Run: ``.venv/bin/python tests/benchmarks/bench_coaching.py [--operators N] [--days N]
[--calls-per-day N] [--trials N] [--db FILE]``; on PostgreSQL: ``DATABASE_URL=postgres://…/empty``

1. Pages. Sets Django up against a temporary SQLite file (the embedded default) or
   ``DATABASE_URL``, stores N operators in teams of 10 (a third hired under 6 months ago), their
   analysed calls over the last D days with every demo skill's result per call (each operator has
   their own rate per skill; no evaluations or objection hits, so the pages' skill-result queries
   carry the load), ANALYZE on PostgreSQL as autovacuum would, then opens every coaching page
   as the people who use them (the manager of one team, a trainer, an operator) through Django's
   test client, 5 times each, and prints the median and worst time. Target: every page within
   1 s at 60 operators × 90 days × 20 calls a day (108,000 calls, 648,000 skill results).
2. The verdict. Simulates control re-listens with the cycle's own rule
   (coaching/cycles/significance.py): with no effect (the same rate before and after), how often
   it says «изменилось» (should stay at or under 5%), and with a real effect how often it finds it
   (its power), for the call counts a re-listen has.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE_TARGET_SECONDS = 1.0
SKILLS = ("greeting", "need_clarification", "tech_consultation", "objection_handling", "summary",
          "closing")


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    # The pages against SQLite; DATABASE_URL (an empty database) measures PostgreSQL instead.
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(db_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    # The test client's host and in-memory e-mail, as in the suite.
    setup_test_environment()

    call_command("migrate", verbosity=0)


def create_data(*, operators: int, days: int, calls_per_day: int, seed: int = 11) -> dict:
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from calls.models import Call, Line, Operator, Team
    from coaching.demo.loading import demo_load_scorecard, demo_load_skills
    from coaching.models import Skill, SkillResult
    from project.roles import Role, ensure_roles

    ensure_roles()
    demo_load_skills()
    demo_load_scorecard()
    rng = random.Random(seed)
    skills = {skill.code: skill for skill in Skill.objects.all()}
    line = Line.objects.create(code="bench", name="Бенчмарк")
    manager = _user("bench-manager", Role.MANAGER)
    _user("bench-trainer", Role.TRAINER)
    teams = [Team.objects.create(name=f"Команда {n + 1}", manager=manager if n == 0 else None)
             for n in range((operators + 9) // 10)]
    today = timezone.localdate()
    people = []
    for n in range(operators):
        new = n % 3 == 0
        hired = today - timedelta(days=rng.randint(20, 170) if new else rng.randint(200, 2000))
        user = _user(f"bench-op{n}", Role.OPERATOR)
        people.append(Operator.objects.create(
            code=f"bench{n}", display_name=f"Оператор {n}", team=teams[n // 10], user=user,
            hired_on=hired))
    # Each operator's own chance of showing each skill; newcomers skip more.
    rates = {(op.pk, code): min(0.98, max(0.05, rng.gauss(0.55 if op.hired_on and (
        today - op.hired_on).days < 180 else 0.75, 0.15))) for op in people for code in SKILLS}
    start = timezone.now() - timedelta(days=days)
    Status = SkillResult.Status
    total = 0
    for day in range(days):
        with transaction.atomic():
            calls = Call.objects.bulk_create(
                Call(external_id=f"bench-{day}-{op.pk}-{k}", line=line, operator=op,
                     started_at=start + timedelta(days=day, minutes=9 * 60 + 20 * k),
                     duration=rng.uniform(60, 600), source=Call.Source.TRANSCRIPT,
                     status=Call.Status.ANALYSED, channel_layout=Call.ChannelLayout.STEREO,
                     outcome=rng.choice([Call.Outcome.RESOLVED, Call.Outcome.RESOLVED,
                                         Call.Outcome.UNRESOLVED, Call.Outcome.SALE]))
                for op in people for k in range(calls_per_day))
            results = []
            for call in calls:
                for code in SKILLS:
                    if code == "objection_handling" and rng.random() < 0.7:
                        status = Status.NOT_APPLICABLE
                    else:
                        shown = rng.random() < rates[(call.operator_id, code)]
                        status = Status.SHOWN if shown else Status.NOT_SHOWN
                    results.append(SkillResult(
                        call=call, skill=skills[code], status=status,
                        start=rng.uniform(0, 30) if status == Status.SHOWN else None,
                        text="пример фразы" if status == Status.SHOWN else ""))
            SkillResult.objects.bulk_create(results, batch_size=5000)
            total += len(calls)
    return {"calls": total, "results": SkillResult.objects.count(), "team": teams[0],
            "operator": people[0], "manager": manager,
            "trainer": User.objects.get(username="bench-trainer")}


def reused_data() -> dict:
    from django.contrib.auth.models import User

    from calls.models import Call, Operator, Team
    from coaching.models import SkillResult

    return {"calls": Call.objects.count(), "results": SkillResult.objects.count(),
            "team": Team.objects.get(name="Команда 1"),
            "operator": Operator.objects.get(code="bench0"),
            "manager": User.objects.get(username="bench-manager"),
            "trainer": User.objects.get(username="bench-trainer")}


def _user(username: str, role: object) -> object:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username=username, password="x")
    user.groups.add(Group.objects.get(name=str(role)))
    return user


def time_pages(data: dict) -> list[tuple[str, str, float, float, int]]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    team, operator = data["team"], data["operator"]
    pages = [
        ("manager", "coaching:team", [team.pk], {}),
        ("manager", "coaching:competency", [operator.code], {}),
        ("operator", "coaching:my-competency", [], {}),
        ("manager", "coaching:gaps", [], {"team": team.pk}),
        ("manager", "coaching:cohorts", [], {}),
        ("manager", "coaching:case-review", [], {"team": team.pk}),
        ("trainer", "coaching:exemplars", [], {}),
        ("manager", "coaching:cycles", [], {}),
        ("manager", "coaching:trainings", [], {}),
        ("manager", "coaching:reports", [], {}),
    ]
    clients = {}
    for role, user in (("manager", data["manager"]), ("trainer", data["trainer"]),
                       ("operator", operator.user)):
        client = Client()
        client.force_login(user)
        clients[role] = client
    rows = []
    for role, name, args, query in pages:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            print(f"  (no page {name})")
            continue
        times = []
        status = 0
        for _ in range(5):
            started = time.perf_counter()
            response = clients[role].get(url, query)
            times.append(time.perf_counter() - started)
            status = response.status_code
        rows.append((name, role, statistics.median(times), max(times), status))
    return rows


def simulate_verdicts(trials: int, seed: int = 5) -> list[tuple[str, int, int, float, float]]:
    from coaching.cycles.significance import compare
    from coaching.models import CoachingCycle

    changed_verdict = CoachingCycle.Verdict.CHANGED

    rng = random.Random(seed)
    cases = [("нет эффекта", 0.3, 0.3), ("нет эффекта", 0.5, 0.5), ("нет эффекта", 0.8, 0.8),
             ("+40 п.п.", 0.3, 0.7), ("+55 п.п. (как в демо)", 0.25, 0.8),
             ("+20 п.п.", 0.5, 0.7)]
    rows = []
    for label, before_rate, after_rate in cases:
        for calls in (12, 20, 40):
            changed = 0
            for _ in range(trials):
                before = sum(rng.random() < before_rate for _ in range(calls))
                after = sum(rng.random() < after_rate for _ in range(calls))
                result = compare(before_shown=before, before_calls=calls,
                                 after_shown=after, after_calls=calls)
                changed += result.verdict == changed_verdict
            rows.append((f"{label}: {before_rate:.0%} → {after_rate:.0%}", calls, trials,
                         before_rate, changed / trials))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operators", type=int, default=60)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--calls-per-day", type=int, default=20)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the SQLite file here; a database that has calls already is "
                             "reused as it is (with DATABASE_URL, the PostgreSQL one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="slyshu-bench-") as folder:
        setup_django(args.db or Path(folder) / "bench.sqlite3")
        from django.db import connection

        from calls.models import Call

        reuse = Call.objects.exists()

        started = time.perf_counter()
        data = reused_data() if reuse else create_data(
            operators=args.operators, days=args.days, calls_per_day=args.calls_per_day)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load: the planner needs the new row counts.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"setup: {data['calls']:,} calls, {data['results']:,} skill results in "
              f"{time.perf_counter() - started:.0f} s ({connection.vendor})", flush=True)
        rows = time_pages(data)
        print(f"\n{'page':<26} {'as':<9} {'median, ms':>11} {'worst, ms':>10} status")
        slow = []
        for name, role, median, worst, status in rows:
            print(f"{name:<26} {role:<9} {median * 1000:>11.0f} {worst * 1000:>10.0f} {status}")
            if median > PAGE_TARGET_SECONDS or status != 200:
                slow.append(name)
        print("\nThe verdict («изменилось» when p < 0.05 by Fisher's exact test, "
              "«мало данных» under the minimum calls a side):")
        print(f"{'case':<36} {'calls a side':>12} {'trials':>7} {'«изменилось»':>13}")
        for label, calls, trials, _rate, share in simulate_verdicts(args.trials):
            print(f"{label:<36} {calls:>12} {trials:>7} {share:>12.1%}")
    verdict = "OK" if not slow else f"TOO SLOW: {', '.join(slow)}"
    print(f"\ntarget: every page's median within {PAGE_TARGET_SECONDS:.0f} s — {verdict}")
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())

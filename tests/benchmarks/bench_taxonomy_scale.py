"""Top problems and co-occurrence at contact-center scale (issue 17 §7).

Run: ``.venv/bin/python tests/benchmarks/bench_taxonomy_scale.py [--calls N] [--tags-per-call F]
[--db FILE]``; on PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty db>``.

Builds (bulk_create) 60 tags in 8 categories (one of them not a problem), N analysed calls
(default 100,000) over the last 60 days on 3 lines, and about F call tags a call (default 3:
300,000 rows): tag popularity falls off like Zipf's law, a few tag pairs come together on purpose
(one broken process), 5% of the tags are also set by hand (a second row the counts must not
count twice), and each phrase tag has one moment of evidence. VACUUM ANALYZE (PostgreSQL) as
autovacuum would after a bulk insert, ANALYZE on SQLite. Then times, 5 runs each, median and
worst (and the process's CPU time):

- top problems over the whole 60 days (every call) and over the last 30 days (with the previous
  30 as the trend's base), all lines and one line;
- co-occurrence over the same periods, and the strong pairs;
- the two API endpoints as a manager would call them.

Target: each within 1 s, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 1.0
DAYS = 60
TAGS = 60
CATEGORIES = 8
RUNS = 5


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(db_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def create_data(*, calls: int, tags_per_call: float, seed: int = 7) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from calls.models import (
        Call,
        CallTag,
        Line,
        Operator,
        Segment,
        Tag,
        TagCategory,
        TagEvidence,
        Team,
    )

    rng = random.Random(seed)
    lines = [Line.objects.create(code=f"bench{n}", name=f"Линия {n}") for n in range(3)]
    team = Team.objects.create(name="Бенчмарк")
    operators = [
        Operator.objects.create(code=f"bench{n}", display_name=f"Оператор {n}", team=team)
        for n in range(50)
    ]
    categories = [
        TagCategory.objects.create(name=f"Категория {n}", order=n, is_problem=n != 0)
        for n in range(CATEGORIES)
    ]
    tags = [
        Tag.objects.create(
            code=f"bench_{n}", name=f"Проблема {n}", category=categories[n % CATEGORIES]
        )
        for n in range(TAGS)
    ]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(TAGS)]
    # Pairs that come together: where the first is, the second follows 80% of the time.
    linked = {tags[3].pk: tags[11].pk, tags[7].pk: tags[20].pk, tags[15].pk: tags[33].pk}
    now = timezone.now()
    start = now - timedelta(days=DAYS)
    batch = 10_000
    made_calls = made_tags = 0
    for offset in range(0, calls, batch):
        with transaction.atomic():
            rows = Call.objects.bulk_create(
                [
                    Call(
                        external_id=f"bench-{offset + n}",
                        line=rng.choice(lines),
                        operator=rng.choice(operators),
                        started_at=start + timedelta(seconds=rng.uniform(0, DAYS * 86_400 - 60)),
                        duration=rng.uniform(60, 600),
                        source=Call.Source.TRANSCRIPT,
                        status=Call.Status.ANALYSED,
                        channel_layout=Call.ChannelLayout.STEREO,
                    )
                    for n in range(min(batch, calls - offset))
                ],
                batch_size=2000,
            )
            segments = Segment.objects.bulk_create(
                [
                    Segment(
                        call=call,
                        index=0,
                        speaker="customer",
                        start=0.0,
                        end=4.0,
                        text="у меня проблема",
                    )
                    for call in rows
                ],
                batch_size=2000,
            )
            call_tags = []
            for call in rows:
                count = max(0, round(rng.gauss(tags_per_call / 1.05, 1.2)))
                chosen = set()
                for tag in rng.choices(tags, weights, k=count):
                    chosen.add(tag.pk)
                    follower = linked.get(tag.pk)
                    if follower and rng.random() < 0.8:
                        chosen.add(follower)
                for tag_id in chosen:
                    call_tags.append(
                        CallTag(
                            call=call, tag_id=tag_id, source=CallTag.Source.AUTO, created_at=now
                        )
                    )
                    if rng.random() < 0.05:
                        call_tags.append(
                            CallTag(
                                call=call,
                                tag_id=tag_id,
                                source=CallTag.Source.MANUAL,
                                created_at=now,
                            )
                        )
            CallTag.objects.bulk_create(call_tags, batch_size=2000)
            segment_of = {segment.call_id: segment for segment in segments}
            TagEvidence.objects.bulk_create(
                [
                    TagEvidence(
                        call_tag=call_tag,
                        segment=segment_of[call_tag.call_id],
                        token_start=0,
                        token_end=1,
                        char_start=0,
                        char_end=8,
                        start=0.5,
                        end=1.5,
                        text="проблема",
                    )
                    for call_tag in call_tags
                    if call_tag.source == CallTag.Source.AUTO
                ],
                batch_size=2000,
            )
            made_calls += len(rows)
            made_tags += len(call_tags)
    return {"calls": made_calls, "call_tags": made_tags}


def timed(name: str, action: Callable[[], object]) -> float:
    """Wall time (what a person waits), and this process's CPU time: on SQLite the database
    works inside the process, so the CPU time is the work itself, whatever else shares the
    cores (on PostgreSQL the server's share is not in it)."""
    times, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    median, worst = statistics.median(times), max(times)
    verdict = "OK" if worst <= TARGET_SECONDS else "SLOW"
    print(
        f"  {name:<52} median {median * 1000:6.0f} ms, worst {worst * 1000:6.0f} ms, "
        f"CPU {statistics.median(cpu) * 1000:6.0f} ms  {verdict}",
        flush=True,
    )
    return worst


def measure() -> bool:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from calls.models import Line
    from calls.taxonomy.cooccurrence.queries import cooccurrence, strong_pairs
    from calls.taxonomy.problems.queries import top_problems
    from calls.taxonomy.problems.scope import Period, Scope
    from project.roles import Role

    today = timezone.localdate()
    whole = Period(date_from=today - timedelta(days=DAYS), date_to=today)
    month = Period(date_from=today - timedelta(days=29), date_to=today)
    line = Line.objects.get(code="bench0")
    manager, _created = User.objects.get_or_create(username="bench-manager")
    manager.groups.add(Group.objects.get_or_create(name=Role.ADMIN.value)[0])
    client = Client()
    client.force_login(manager)
    worst = 0.0
    result = top_problems(scope=Scope(period=whole))
    print(
        f"  {result.analysed} calls in the 60 days; top problem: "
        f"{result.problems[0].tag.name}, {result.problems[0].calls} calls",
        flush=True,
    )
    pairs = cooccurrence(date_from=whole.date_from, date_to=whole.date_to)
    print(
        f"  {len(pairs.pairs)} pairs seen together of {pairs.tested} tested; strong: "
        f"{len(strong_pairs(date_from=whole.date_from, date_to=whole.date_to))}",
        flush=True,
    )
    for label, period in (("60 days (all calls)", whole), ("last 30 days + previous 30", month)):
        worst = max(
            worst,
            timed(f"top problems, {label}", lambda p=period: top_problems(scope=Scope(period=p))),
        )
        worst = max(
            worst,
            timed(
                f"top problems, {label}, one line",
                lambda p=period: top_problems(scope=Scope(period=p, line=line)),
            ),
        )
        worst = max(
            worst,
            timed(
                f"co-occurrence, {label}",
                lambda p=period: cooccurrence(date_from=p.date_from, date_to=p.date_to),
            ),
        )
        worst = max(
            worst,
            timed(
                f"co-occurrence, {label}, one line",
                lambda p=period: cooccurrence(date_from=p.date_from, date_to=p.date_to, line=line),
            ),
        )
        worst = max(
            worst,
            timed(
                f"strong pairs, {label}",
                lambda p=period: strong_pairs(date_from=p.date_from, date_to=p.date_to),
            ),
        )
    query = f"?date_from={whole.date_from}&date_to={whole.date_to}"

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    # A process's first request loads the URLconf, the templates and DRF's machinery: once, not
    # on every answer (it took up to 3.5 s here), so it is not timed.
    for url in (
        "/api/v1/taxonomy/top-problems/",
        "/api/v1/taxonomy/cooccurrence/",
        "/taxonomy/problems/",
        "/taxonomy/cooccurrence/",
    ):
        get(url)

    worst = max(
        worst,
        timed(
            "GET /api/v1/taxonomy/top-problems/ (60 days)",
            lambda: get("/api/v1/taxonomy/top-problems/" + query),
        ),
    )
    worst = max(
        worst,
        timed(
            "GET /api/v1/taxonomy/cooccurrence/ (60 days)",
            lambda: get("/api/v1/taxonomy/cooccurrence/" + query),
        ),
    )
    worst = max(
        worst,
        timed(
            "GET /taxonomy/problems/ (page, 60 days)", lambda: get("/taxonomy/problems/" + query)
        ),
    )
    worst = max(
        worst,
        timed(
            "GET /taxonomy/cooccurrence/ (page, 60 days)",
            lambda: get("/taxonomy/cooccurrence/" + query),
        ),
    )
    print(
        f"  worst of all: {worst * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return worst <= TARGET_SECONDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--tags-per-call", type=float, default=3.0)
    parser.add_argument(
        "--db", type=Path, default=None, help="SQLite file to build (or reuse when it exists)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db or Path(folder) / "bench.sqlite3"
        setup_django(db_path)
        from django.db import connection

        from calls.models import Call

        # A database that already holds the data (--db FILE, or DATABASE_URL run before) is
        # measured as it is.
        if not Call.objects.exists():
            started = time.perf_counter()
            made = create_data(calls=args.calls, tags_per_call=args.tags_per_call)
            with connection.cursor() as cursor:
                # What autovacuum does after a bulk insert: statistics, and on PostgreSQL the
                # visibility map that lets an index answer without the table.
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            print(
                f"Built {made['calls']} calls and {made['call_tags']} call tags in "
                f"{time.perf_counter() - started:.0f} s ({connection.vendor})",
                flush=True,
            )
        print(f"Timings ({connection.vendor}):", flush=True)
        return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())

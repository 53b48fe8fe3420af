"""Did a change help, at contact-center scale (issue 19 §4 and §6).

Run: ``.venv/bin/python tests/benchmarks/bench_changes.py [--calls N] [--db FILE]``; on
PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty db>``.

Builds (bulk_create) N analysed calls (default 100,000) over the last 60 days on 3 lines, with
every per-call measure the figures read: a tag on about 10% of the calls (the change's), a
contact link (20% repeats), an emotion (8% hot), a voice analysis (silence share) and a
resolution moment (70% resolved). ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL). Then times,
5 runs each, median and worst:

- the evaluation of a change 20 days ago with 14-day windows over every line (about two thirds
  of the calls), with and without the daily series; and over one line;
- the list page's verdicts (no daily series) for the same change.

Target: within 1 s for the evaluation with its charts.
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


def create_data(*, calls: int, seed: int = 7) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from calls.models import (
        Call,
        CallEmotion,
        CallResolution,
        CallTag,
        CallVoice,
        ContactLink,
        Line,
        Operator,
        Tag,
        TagCategory,
        Team,
    )

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        lines = [Line.objects.create(code=f"line{i}", name=f"Линия {i}") for i in range(3)]
        team = Team.objects.create(name="Бенчмарк")
        operators = [Operator.objects.create(code=f"op{i}", display_name=f"Оператор {i}",
                                             team=team) for i in range(40)]
        tag = Tag.objects.create(code="navigation", name="Навигация", category=TagCategory
                                 .objects.create(name="Сайт", is_problem=True))
        built = [
            Call(external_id=f"bench-{i}", line=rng.choice(lines),
                 operator=rng.choice(operators),
                 started_at=now - timedelta(seconds=rng.uniform(0, DAYS * 86400)),
                 duration=rng.lognormvariate(5.5, 0.6), source=Call.Source.API,
                 status=Call.Status.ANALYSED, channel_layout=Call.ChannelLayout.STEREO)
            for i in range(calls)
        ]
        created = Call.objects.bulk_create(built, batch_size=5000)
        CallTag.objects.bulk_create(
            [CallTag(call=c, tag=tag, source=CallTag.Source.MANUAL) for c in created
             if rng.random() < 0.1], batch_size=5000)
        ContactLink.objects.bulk_create(
            [ContactLink(call=c, kind=(ContactLink.Kind.REPEAT if rng.random() < 0.2
                                       else ContactLink.Kind.FIRST),
                         came_back=rng.random() < 0.2, started_at=c.started_at)
             for c in created], batch_size=5000)
        CallEmotion.objects.bulk_create(
            [CallEmotion(call=c, analysed_at=now, emotion="neutral", score=0.5,
                         hot=rng.random() < 0.08) for c in created], batch_size=5000)
        CallVoice.objects.bulk_create(
            [CallVoice(call=c, analysed_at=now, silence_share=rng.betavariate(2, 8))
             for c in created], batch_size=5000)
        CallResolution.objects.bulk_create(
            [CallResolution(call=c, analysed_at=now, resolved=(resolved := rng.random() < 0.7),
                            resolved_at=rng.uniform(20, 200) if resolved else None)
             for c in created], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed(label: str, action: Callable[[], object]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    median, worst = statistics.median(samples), max(samples)
    mark = "ok" if median <= TARGET_SECONDS else "SLOW"
    print(f"{label:<58} median {median:6.3f} s  worst {worst:6.3f} s  {mark}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.mkdtemp()) / "bench_changes.sqlite3"
    setup_django(db_path)
    from django.db import connection
    from django.utils import timezone

    from calls.changes.evaluation import change_evaluation
    from calls.changes.services import change_register
    from calls.changes.table import shown_rows
    from calls.models import Call, Change, Line, Tag

    started = time.perf_counter()
    if not Call.objects.exists():  # --db FILE from an earlier run is reused as it is
        create_data(calls=args.calls)
    print(f"{args.calls} calls on {connection.vendor}, built in "
          f"{time.perf_counter() - started:.1f} s")
    Change.objects.all().delete()
    today = timezone.localdate()
    tag = Tag.objects.get(code="navigation")
    everywhere = change_register(title="Все линии", changed_on=today - timedelta(days=20),
                                 by=None, tags=[tag])
    one_line = change_register(title="Одна линия", changed_on=today - timedelta(days=20),
                               by=None, tags=[tag], lines=[Line.objects.get(code="line0")])
    standard = change_register(title="Без тегов", changed_on=today - timedelta(days=20), by=None)

    def evaluate(change: object, daily: bool = True) -> object:
        evaluation = change_evaluation(change=change, now=timezone.now(),  # type: ignore[arg-type]
                                       daily=daily)
        return shown_rows(evaluation, charts=daily)

    timed("tag + standard figures, every line, with charts", lambda: evaluate(everywhere))
    timed("tag + standard figures, every line, verdict only",
          lambda: evaluate(everywhere, daily=False))
    timed("tag + standard figures, one line, with charts", lambda: evaluate(one_line))
    timed("standard figures only, every line, with charts", lambda: evaluate(standard))


if __name__ == "__main__":
    main()

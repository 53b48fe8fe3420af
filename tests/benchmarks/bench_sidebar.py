"""Speed and detection quality of the CRM sidebar's suggest (issue 8 §7).

    .venv/bin/python tests/benchmarks/bench_sidebar.py [--db sqlite|postgres|both]
        [--server sync:4 --server gthread:2x4 …] [--seconds S] [--skip-load] [--skip-quality]

What it does:

1. Detection quality, in process (no server): the 30-objection, 200-phrase library of
   data/sidebar_library.json is loaded into a temporary SQLite database and every utterance of
   data/sidebar_utterances.json (157 labelled customer turns in varied wording, 40 hard negatives
   such as «дорого, но берём» and small talk) goes through the suggest endpoint with Django's test
   client; precision, recall, F1 per objection and overall, top-1 accuracy. When the sidebar app
   is not there yet, the same library is matched by the phrase engine directly (said so).
2. For each database (a SQLite file in a temporary folder; PostgreSQL on 127.0.0.1:5432 in a
   database of its own, slyshu_bench_sidebar, created and dropped here): migrate, the same
   library (30 objections in 10 themes, 200 trigger phrases, two blocks of each kind per
   objection: 180 blocks), the demo taxonomy (for the DRF tag list figure), 50 operators each
   with an API token.
3. A production-style server on loopback: gunicorn on project.wsgi with the production settings
   (DEBUG off) — only the plain-http loopback differences are set from the environment:
   SECURE_SSL_REDIRECT=false, cookies not Secure, and a per-token throttle far above the load so
   that it is measured, not hit (SIDEBAR_THROTTLE_RATE=100000/min).
4. Locust (headless, FastHttpUser) from tests/benchmarks/locustfile_sidebar.py, 50 users:
   (a) the server's own time per suggest from the Server-Timing header, p50/p95/p99
       (target p95 < 20 ms); (b) suggests/s with 50 clients sending back to back (target ≥ 500/s);
   (c) end-to-end p95 at a steady 200 suggests/s (50 users × 4/s; target < 50 ms); and, for
   scale, a Django template page (/login/) and the DRF tag list at full speed.
   The load generator runs on the same 2 cores as the server: its CPU share is measured (the
   locust process's CPU time over the run) and printed next to the server's.

Prints markdown tables and writes var/bench/sidebar.json. Exits non-zero only on a crash: a
benchmark measures, it is not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LIBRARY_PATH = HERE / "data" / "sidebar_library.json"
UTTERANCES_PATH = HERE / "data" / "sidebar_utterances.json"
LOCUSTFILE = HERE / "locustfile_sidebar.py"
RESULT_PATH = ROOT / "var" / "bench" / "sidebar.json"
BIN = Path(sys.executable).parent
PG_DATABASE = "slyshu_bench_sidebar"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
OPERATORS = 50
SUGGEST_PATH = "/api/v1/sidebar/suggest"
SUGGEST_LIMIT = 3
STEADY_RATE = 200.0
# Two processes for two cores, two threads each to overlap the database and socket waits and keep
# the clients' connections alive (sync workers close every connection). More threads lose: they
# queue for the interpreter lock (2×4: 352–450/s and server p95 23–30 ms at full load, against
# 520/s and 9.5 ms for 2×2); measured against sync 4, gthread 3×2, 3×4, 2×4 (docs/sidebar.md).
DEFAULT_SERVER_TEXT = "gthread:2x2"
GOALS = {"server_p95_ms": 20.0, "max_rps": 500.0, "steady_p95_ms": 50.0}


# --------------------------------------------------------------------------- environment


def server_env(*, workdir: Path, database_url: str) -> dict[str, str]:
    """The production settings, as a deployment sets them, for plain HTTP on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="project.settings.production",
        SECRET_KEY="bench-sidebar-" + "k" * 40,
        CUSTOMER_KEY_SECRET="bench-sidebar-customer-" + "c" * 40,
        DATABASE_URL=database_url,
        SLYSHU_VAR_DIR=str(workdir / "var"),
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Loopback is plain HTTP: no redirect to https, cookies that work without TLS.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        # Measured, never hit: 50 operators × a few hundred suggests a second between them.
        SIDEBAR_THROTTLE_RATE="100000/min",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(args: list[str], *, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def child(mode: str, *, env: dict[str, str], out: Path) -> Any:
    """Run this script's Django part in its own process (so the orchestrator never imports
    Django with one database and then needs another)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--child", mode, "--child-out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stdout}\n{done.stderr}")
    if done.stdout.strip():
        print(done.stdout.rstrip())
    return json.loads(out.read_text(encoding="utf-8"))


def sidebar_available() -> bool:
    return (ROOT / "scripts_library" / "sidebar").is_dir()


# --------------------------------------------------------------------------- Django side


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_database() -> dict[str, Any]:
    """Library, operators with tokens, the demo taxonomy; the tokens for the load generator."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from calls.models import Operator, Team
    from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file
    from project.roles import Role
    from scripts_library.models import (
        Objection,
        ObjectionPhrase,
        ObjectionTheme,
        ResponseBlock,
    )

    library = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    with transaction.atomic():
        themes: dict[str, ObjectionTheme] = {}
        for number, item in enumerate(library["objections"]):
            theme = themes.get(item["theme"])
            if theme is None:
                theme = ObjectionTheme.objects.create(name=item["theme"], order=len(themes))
                themes[item["theme"]] = theme
            objection = Objection.objects.create(
                code=item["code"], theme=theme, name=item["name"],
                description=f"Возражение {number + 1} библиотеки для замеров.",
            )
            for phrase in item["phrases"]:
                ObjectionPhrase.objects.create(
                    objection=objection, text=phrase["text"], speaker=phrase["speaker"],
                    max_gap=phrase.get("max_gap", 1),
                )
            for kind, texts in item["responses"].items():
                for order, text in enumerate(texts):
                    ResponseBlock.objects.create(
                        objection=objection, kind=kind, text=text, order=order,
                        source=ResponseBlock.Source.IMPORT,
                    )
        operators = Group.objects.get_or_create(name=Role.OPERATOR.value)[0]
        team = Team.objects.create(name="Замеры")
        tokens = []
        for number in range(OPERATORS):
            user = User.objects.create_user(username=f"bench_op{number}", password="bench-pass-1")
            user.groups.add(operators)
            Operator.objects.create(
                user=user, code=f"bench{number}", display_name=f"Оператор {number}", team=team,
            )
            tokens.append(Token.objects.create(user=user).key)
    taxonomy_import(data=taxonomy_read_file(ROOT / "calls" / "demo" / "taxonomy.json"))
    return {
        "tokens": tokens,
        "objections": Objection.objects.count(),
        "phrases": ObjectionPhrase.objects.count(),
        "blocks": ResponseBlock.objects.count(),
        "themes": ObjectionTheme.objects.count(),
    }


def prepare_demo_database() -> dict[str, Any]:
    """The demo library as `make run` loads it, and one operator with a token."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    from project.roles import Role
    from scripts_library.demo.loading import demo_load_library
    from scripts_library.models import Objection, ObjectionPhrase

    demo_load_library()
    user = User.objects.create_user(username="bench_demo_op", password="bench-pass-1")
    user.groups.add(Group.objects.get_or_create(name=Role.OPERATOR.value)[0])
    Token.objects.create(user=user)
    return {"objections": Objection.objects.count(), "phrases": ObjectionPhrase.objects.count()}


def detect_through_endpoint(texts: list[str], token: str,
                            durations: list[float]) -> list[list[str]]:
    from django.test import Client

    client = Client()
    found = []
    for text in texts:
        started = time.perf_counter()
        response = client.post(
            SUGGEST_PATH, data={"text": text, "limit": SUGGEST_LIMIT},
            content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
        )
        if response.status_code != 200:
            raise RuntimeError(f"suggest answered {response.status_code}: {response.content!r}")
        durations.append((time.perf_counter() - started) * 1000)
        found.append([item["code"] for item in response.json()["objections"]])
    return found


def detect_with_engine(texts: list[str]) -> list[list[str]]:
    """The fallback while the sidebar app is not there: the same phrases, the same engine, one
    customer segment per utterance; objections ordered by the widest match."""
    from calls.phrases import SegmentText, compile_rules
    from scripts_library.models import ObjectionPhrase

    rules = []
    code_of: dict[int, str] = {}
    for phrase in ObjectionPhrase.objects.active().select_related("objection"):
        rules.append(phrase.rule())
        code_of[phrase.pk] = phrase.objection.code
    matcher = compile_rules(rules)
    found = []
    for text in texts:
        widest: dict[str, int] = {}
        for match in matcher.match([SegmentText("customer", 0.0, 1.0, text)], 1.0):
            code = code_of[int(match.key)]  # type: ignore[call-overload]
            widest[code] = max(widest.get(code, 0), match.char_end - match.char_start)
        found.append(sorted(widest, key=lambda code: -widest[code])[:SUGGEST_LIMIT])
    return found


def quality(tokens: list[str], *, labels: str) -> dict[str, Any]:
    """Scores against `labels` ("objections": the benchmark library, "demo": the demo library);
    utterances whose label is null there (no such objection in that library) are left out."""
    every = json.loads(UTTERANCES_PATH.read_text(encoding="utf-8"))["utterances"]
    data = [item for item in every if item.get(labels) is not None]
    texts = [item["text"] for item in data]
    if sidebar_available() and os.environ.get("BENCH_SIDEBAR_DETECTOR") != "engine":
        path = f"POST {SUGGEST_PATH} in process (Django test client, token auth)"
        started = time.perf_counter()
        durations: list[float] = []
        found = detect_through_endpoint(texts, tokens[0], durations)
        # The first request compiles the phrases and builds the library snapshot.
        first_ms, warm = durations[0], percentiles(durations[1:])
    else:
        path = "phrase engine directly (the sidebar app is not there yet)"
        started = time.perf_counter()
        found = detect_with_engine(texts)
        first_ms, warm = 0.0, {}
    seconds = time.perf_counter() - started
    return score(data, found, labels=labels) | {
        "path": path, "seconds": seconds, "first_ms": first_ms, "warm_ms": warm,
        "labels": labels, "left_out": len(every) - len(data),
    }


def score(data: list[dict[str, Any]], found: list[list[str]], *, labels: str) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    top1_right = positives = negatives = negatives_clean = 0
    misses = []
    for item, codes in zip(data, found, strict=True):
        gold = set(item[labels])
        got = set(codes)
        for code in gold & got:
            counts[code]["tp"] += 1
        for code in got - gold:
            counts[code]["fp"] += 1
        for code in gold - got:
            counts[code]["fn"] += 1
        if gold:
            positives += 1
            top1_right += bool(codes) and codes[0] in gold
        else:
            negatives += 1
            negatives_clean += not codes
        if gold != got:
            misses.append({"text": item["text"], "gold": sorted(gold), "found": codes})
    per = {code: {**c, **prf(c)} for code, c in sorted(counts.items())}
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    macro_f1 = sum(p["f1"] for p in per.values()) / len(per) if per else 0.0
    return {
        "utterances": len(data), "positives": positives, "negatives": negatives,
        "per_objection": per, "micro": {**total, **prf(total)}, "macro_f1": macro_f1,
        "top1_accuracy": top1_right / positives if positives else 0.0,
        "negatives_clean": negatives_clean / negatives if negatives else 0.0,
        "misses": misses,
    }


def prf(c: dict[str, int]) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_child(mode: str, out: Path) -> int:
    django_setup()
    if mode == "prepare":
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        result: Any = prepare_database()
    elif mode == "prepare-demo":
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        result = prepare_demo_database()
    elif mode in ("quality", "quality-demo"):
        from rest_framework.authtoken.models import Token

        result = quality(list(Token.objects.values_list("key", flat=True)),
                         labels="demo" if mode == "quality-demo" else "objections")
    else:
        raise SystemExit(f"unknown child mode {mode!r}")
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- server and load


@dataclass(frozen=True)
class ServerConfig:
    worker_class: str  # sync | gthread
    workers: int
    threads: int = 1

    @classmethod
    def parse(cls, text: str) -> ServerConfig:
        kind, _, size = text.partition(":")
        if kind not in ("sync", "gthread") or not size:
            raise argparse.ArgumentTypeError(f"{text!r}: expected sync:N or gthread:NxT")
        workers, _, threads = size.partition("x")
        return cls(kind, int(workers), int(threads or 1))

    @property
    def name(self) -> str:
        return f"{self.worker_class} {self.workers}" + (
            f"×{self.threads}" if self.worker_class == "gthread" else "")


DEFAULT_SERVER = ServerConfig.parse(DEFAULT_SERVER_TEXT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(config: ServerConfig, *, env: dict[str, str], port: int,
                   log: Path) -> subprocess.Popen[bytes]:
    args = [
        str(BIN / "gunicorn"), "project.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(config.workers), "--worker-class", config.worker_class,
        "--threads", str(config.threads), "--error-logfile", str(log), "--log-level", "warning",
        "--backlog", "2048", "--graceful-timeout", "5",
    ]
    with log.open("ab") as out:
        server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    sys.path.insert(0, str(ROOT))
    from tests.process_groups import stop_process_group

    stop_process_group(process, grace=10)


def group_cpu_seconds(pid: int) -> float:
    import psutil

    try:
        root = psutil.Process(pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total
    except psutil.NoSuchProcess:
        return 0.0


def machine_busy_seconds() -> float:
    import psutil

    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


@dataclass
class LoadRun:
    target: str
    server: str
    users: int
    rate_per_user: float
    seconds: float
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    e2e_ms: dict[str, float] = field(default_factory=dict)
    server_ms: dict[str, float] = field(default_factory=dict)
    server_timing_missing: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    locust_cpu_share: float = 0.0
    server_cpu_share: float = 0.0
    # Whatever else ran on the machine meanwhile (other jobs share these cores): busy minus ours.
    other_cpu_share: float = 0.0


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1]}


def run_locust(*, target: str, server: subprocess.Popen[bytes], config: ServerConfig, port: int,
               workdir: Path, seconds: float, users: int, rate: float,
               env: dict[str, str]) -> LoadRun:
    out = workdir / f"locust-{target}-{time.monotonic_ns()}.json"
    locust_env = {
        **env,
        "BENCH_SIDEBAR_TOKENS": str(workdir / "tokens.json"),
        "BENCH_SIDEBAR_TEXTS": str(workdir / "texts.json"),
        "BENCH_SIDEBAR_TARGET": target,
        "BENCH_SIDEBAR_RATE": str(rate),
        "BENCH_SIDEBAR_OUT": str(out),
    }
    args = [
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host",
        f"http://127.0.0.1:{port}", "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{int(seconds)}s", "--only-summary", "--loglevel", "WARNING",
        "--stop-timeout", "5",
    ]
    server_cpu_before = group_cpu_seconds(server.pid)
    machine_before = machine_busy_seconds()
    started = time.monotonic()
    with (workdir / "locust.log").open("ab") as log:
        load = subprocess.Popen(args, cwd=ROOT, env=locust_env, stdout=log,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(load.pid, 0)
        load.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    server_cpu = group_cpu_seconds(server.pid) - server_cpu_before
    machine_busy = machine_busy_seconds() - machine_before
    if not out.exists():
        raise RuntimeError(f"locust wrote no results (exit {load.returncode}); see "
                           f"{workdir / 'locust.log'}")
    records = json.loads(out.read_text())
    # Spawning and the stop are not the steady state: drop the first and last second.
    if records:
        first = min(r[0] for r in records) + 1.0
        last = max(r[0] for r in records) - 1.0
        steady = [r for r in records if first <= r[0] <= last] or records
        span = max(last - first, 1e-9) if last > first else max(wall, 1e-9)
    else:
        steady, span = [], 1.0
    statuses: dict[str, int] = defaultdict(int)
    for r in steady:
        statuses[str(r[3])] += 1
    run = LoadRun(target=target, server=config.name, users=users, rate_per_user=rate,
                  seconds=seconds)
    run.requests = len(steady)
    run.failures = sum(1 for r in steady if not 200 <= r[3] < 300)
    run.rps = len(steady) / span
    run.e2e_ms = percentiles([r[1] for r in steady])
    run.server_ms = percentiles([r[2] for r in steady if r[2] is not None])
    run.server_timing_missing = sum(1 for r in steady if r[2] is None)
    run.statuses = dict(statuses)
    # CPU seconds per wall second over 2 cores = the share of the machine.
    cores = os.cpu_count() or 1
    run.locust_cpu_share = (usage.ru_utime + usage.ru_stime) / wall / cores
    run.server_cpu_share = server_cpu / wall / cores
    run.other_cpu_share = max(
        0.0, (machine_busy - server_cpu - usage.ru_utime - usage.ru_stime) / wall / cores)
    return run


def create_pg_database() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"


def drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def bench_database(db: str, *, configs: list[ServerConfig], seconds: float,
                   compare: bool) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-sidebar-{db}-"))
    (workdir / "var").mkdir()
    server = None
    try:
        url = create_pg_database() if db == "postgres" else f"sqlite:///{workdir / 'db.sqlite3'}"
        env = server_env(workdir=workdir, database_url=url)
        prepared = child("prepare", env=env, out=workdir / "prepared.json")
        (workdir / "tokens.json").write_text(json.dumps(prepared["tokens"]))
        utterances = json.loads(UTTERANCES_PATH.read_text(encoding="utf-8"))["utterances"]
        (workdir / "texts.json").write_text(
            json.dumps([u["text"] for u in utterances], ensure_ascii=False), encoding="utf-8")
        runs: list[LoadRun] = []
        for config in configs:
            port = free_port()
            server = start_gunicorn(config, env=env, port=port, log=workdir / "gunicorn.log")
            common: dict[str, Any] = dict(server=server, config=config, port=port,
                                          workdir=workdir, env=env)
            targets = ["suggest"] if sidebar_available() else []
            if compare:
                targets += ["page", "tags"]
            for target in targets:
                # Every worker compiles its phrases and opens its connection first.
                run_locust(target=target, seconds=4, users=OPERATORS, rate=0, **common)
                runs.append(run_locust(target=target, seconds=seconds, users=OPERATORS, rate=0,
                                       **common))
                print(f"  {db} {config.name} {target} max: {runs[-1].rps:.0f}/s", flush=True)
                if target == "suggest":
                    runs.append(run_locust(
                        target=target, seconds=seconds, users=OPERATORS,
                        rate=STEADY_RATE / OPERATORS, **common))
                    print(f"  {db} {config.name} {target} steady: {runs[-1].rps:.0f}/s, "
                          f"p95 {runs[-1].e2e_ms.get('p95', 0):.1f} ms", flush=True)
            stop(server)
            server = None
        return {"db": db, "prepared": {k: v for k, v in prepared.items() if k != "tokens"},
                "runs": [asdict(r) for r in runs]}
    finally:
        stop(server)
        if db == "postgres":
            drop_pg_database()
        shutil.rmtree(workdir, ignore_errors=True)


def bench_quality() -> list[dict[str, Any]]:
    """Detection quality on the benchmark library, then on the demo library."""
    results = []
    for prepare, mode, library in (
        ("prepare", "quality", "benchmark library (data/sidebar_library.json)"),
        ("prepare-demo", "quality-demo", "demo library (scripts_library/demo/library.yaml)"),
    ):
        if prepare == "prepare-demo" and not (ROOT / "scripts_library" / "demo").is_dir():
            continue
        workdir = Path(tempfile.mkdtemp(prefix="bench-sidebar-quality-"))
        (workdir / "var").mkdir()
        try:
            env = server_env(workdir=workdir, database_url=f"sqlite:///{workdir / 'db.sqlite3'}")
            prepared = child(prepare, env=env, out=workdir / "prepared.json")
            result = child(mode, env=env, out=workdir / "quality.json")
            results.append(result | {"library": library, "objections": prepared["objections"],
                                     "phrases": prepared["phrases"]})
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


# --------------------------------------------------------------------------- report


def fmt(value: float | None, goal: float | None = None, *, below: bool = True) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    if goal is not None:
        met = value < goal if below else value >= goal
        text += "" if met else " ✗"
    return text


def print_load(results: list[dict[str, Any]]) -> None:
    print("\n### Suggest under load (gunicorn on loopback, locust, 50 users)\n")
    print("| db | server | load | requests | req/s | server p50 / p95 / p99 ms | "
          "end-to-end p50 / p95 / p99 ms | non-2xx | locust CPU | server CPU | other CPU |")
    print("|---|---|---|---:|---:|---|---|---:|---:|---:|---:|")
    for result in results:
        for run in result["runs"]:
            load = (f"{run['target']} steady {run['users'] * run['rate_per_user']:.0f}/s"
                    if run["rate_per_user"] else f"{run['target']} max")
            s, e = run["server_ms"], run["e2e_ms"]
            server_cell = (f"{fmt(s.get('p50'))} / {fmt(s.get('p95'), GOALS['server_p95_ms'])}"
                           f" / {fmt(s.get('p99'))}" if s else "no Server-Timing")
            e2e_goal = GOALS["steady_p95_ms"] if run["rate_per_user"] else None
            rps_goal = (GOALS["max_rps"] if run["target"] == "suggest"
                        and not run["rate_per_user"] else None)
            print(f"| {result['db']} | {run['server']} | {load} | {run['requests']} | "
                  f"{fmt(run['rps'], rps_goal, below=False)} | {server_cell} | "
                  f"{fmt(e.get('p50'))} / {fmt(e.get('p95'), e2e_goal)} / {fmt(e.get('p99'))} | "
                  f"{run['failures']} | {run['locust_cpu_share']:.0%} | "
                  f"{run['server_cpu_share']:.0%} | {run.get('other_cpu_share', 0):.0%} |")
    print(f"\nGoals: server p95 < {GOALS['server_p95_ms']:.0f} ms, ≥ {GOALS['max_rps']:.0f} "
          f"suggests/s with 50 clients, end-to-end p95 < {GOALS['steady_p95_ms']:.0f} ms at "
          f"{STEADY_RATE:.0f}/s; ✗ = missed. CPU = share of the machine's {os.cpu_count()} cores "
          "over the run (the load generator shares them with the server; «other» is whatever else "
          "ran on the machine meanwhile).")


def print_quality(result: dict[str, Any]) -> None:
    print(f"\n### Detection quality, {result['library']}: {result['objections']} objections, "
          f"{result['phrases']} phrases\n\n{result['utterances']} utterances: "
          f"{result['positives']} with objections, {result['negatives']} without "
          f"({result['left_out']} about objections this library lacks left out); "
          f"{result['path']}.\n")
    print("| objection | TP | FP | FN | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for code, c in result["per_objection"].items():
        print(f"| {code} | {c['tp']} | {c['fp']} | {c['fn']} | {c['precision']:.0%} | "
              f"{c['recall']:.0%} | {c['f1']:.0%} |")
    m = result["micro"]
    print(f"| **overall (micro)** | {m['tp']} | {m['fp']} | {m['fn']} | {m['precision']:.1%} | "
          f"{m['recall']:.1%} | {m['f1']:.1%} |")
    print(f"\nMacro F1 {result['macro_f1']:.1%}; top-1 accuracy {result['top1_accuracy']:.1%} "
          f"(the first suggestion is a labelled objection); utterances without an objection "
          f"answered with none: {result['negatives_clean']:.1%}; "
          f"{result['utterances']} suggests in {result['seconds']:.2f} s in process.")
    if result.get("warm_ms"):
        warm = result["warm_ms"]
        print(f"In process, one request through the whole stack (middleware, token auth, "
              f"throttle, suggest, JSON): first {result['first_ms']:.0f} ms (compiles the "
              f"phrases, builds the snapshot), then p50 {warm['p50']:.2f} / p95 "
              f"{warm['p95']:.2f} / p99 {warm['p99']:.2f} ms.")
    if result["misses"]:
        print("\nDisagreements (gold → found):\n")
        for miss in result["misses"]:
            print(f"- «{miss['text']}»: {', '.join(miss['gold']) or '—'} → "
                  f"{', '.join(miss['found']) or '—'}")


def git_head() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True)
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--server", type=ServerConfig.parse, action="append",
                        help="gunicorn workers: sync:N or gthread:NxT (repeatable; "
                        f"default {DEFAULT_SERVER_TEXT})")
    parser.add_argument("--seconds", type=float, default=20.0, help="each measured load run")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the template page and the DRF tag list")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--engine", action="store_true",
                        help="detection quality from the phrase engine directly, not the endpoint")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child, args.child_out)

    configs = args.server or [DEFAULT_SERVER]
    if args.engine:
        os.environ["BENCH_SIDEBAR_DETECTOR"] = "engine"
    print(f"bench_sidebar at {git_head()}, {platform.node()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    if not sidebar_available():
        print("scripts_library/sidebar/ is not there yet: the suggest load runs are skipped and "
              "detection quality uses the phrase engine directly.")
    report: dict[str, Any] = {"at": datetime.now(UTC).isoformat(), "commit": git_head(),
                              "cores": os.cpu_count()}
    if not args.skip_quality:
        report["quality"] = bench_quality()
        for result in report["quality"]:
            print_quality(result)
    if not args.skip_load:
        dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
        report["load"] = [bench_database(db, configs=configs, seconds=args.seconds,
                                         compare=not args.no_compare) for db in dbs]
        print_load(report["load"])
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nWritten {RESULT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

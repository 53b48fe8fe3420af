"""Stress: 1,000 imported transcripts analysed by 2 cluster workers on SQLite while the web writes.

Run: ``.venv/bin/python tests/benchmarks/bench_stress_analysis.py [--calls N] [--only SCENARIO]``

Issue 6 §3: a transient fault (a locked database above all) must never fail a call. Each scenario
runs in its own process against a fresh temporary SQLite file, once named the default way
(SQLITE_PATH) and once as ``DATABASE_URL=sqlite:///…``; a third, run only when asked for with
``--only busy1``, is the URL form with a one-second busy timeout, so that the workers really meet
"database is locked" and the retry path runs. Each does what a contact center's first day does:

* ``migrate``, the demo people and lines, the demo taxonomy and an API token for the admin;
* a real ``manage.py qcluster`` with Q_WORKERS=2 on the ORM broker and a real
  ``manage.py runserver --noreload``, each in its own process group;
* ``manage.py import_transcripts`` of N transcripts built from calls/demo/dialogs.json, which
  queues the analysis of every call;
* meanwhile the "web" writes over loopback: two threads add and remove manual tags on analysed
  calls (``/api/v1/calls/{id}/tags/``), a third edits a phrase (``PATCH /api/v1/phrases/{id}/``)
  and starts a re-analysis of the archive (``POST /taxonomy/reanalyse/``) every few seconds.

It waits until every call is analysed or failed (bounded), then prints a table per scenario and
writes var/bench/stress_analysis.json. Exits 1 unless, in every scenario, all N calls were
imported and analysed, none failed or was left pending, no re-analysis run failed and the web
server answered no request with a 5xx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "var" / "bench" / "stress_analysis.json"
SCENARIOS = ("default", "url", "busy1")
# busy1 is asked for by name: it probes the retry path, not the configuration a box runs.
DEFAULT_SCENARIOS = ("default", "url")
SCENARIO_TITLES = {
    "default": "SQLITE_PATH (default)",
    "url": "DATABASE_URL=sqlite:///",
    # A busy timeout of one second makes the workers meet "database is locked" for real (a
    # re-analysis chunk holds the write lock longer), so the retry path itself is exercised.
    "busy1": "DATABASE_URL, SQLITE_BUSY_TIMEOUT=1",
}
# Web writes are bounded in count as well as by the analysis finishing.
MAX_TAG_WRITES = 6000
REANALYSIS_EVERY = 4.0
# Waiting for the analysis: an overall bound, and how long no call may change status.
SETTLE_TIMEOUT = 900.0
STALL_TIMEOUT = 180.0
# What a worker's log says when it retries a transient error (whatever the fix prints), and what
# says a transient error happened at all.
RETRY_LINE = re.compile(r"transient|retrying", re.IGNORECASE)
LOCKED_LINE = re.compile(r"database is locked|database table is locked", re.IGNORECASE)


# --- Transcripts ---------------------------------------------------------------------------------


def build_transcripts(count: int, *, seed: int = 6) -> list[dict[str, Any]]:
    """N distinct calls from the demo dialogs: real Russian turns, timed at a speaking pace."""
    dialogs = json.loads((ROOT / "calls" / "demo" / "dialogs.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    now = datetime.now(UTC)
    records = []
    for number in range(count):
        dialog = dialogs[number % len(dialogs)]
        turns = list(dialog["turns"])
        # Some calls are longer: a second dialog's middle, as a customer raising another topic.
        if rng.random() < 0.3:
            other = dialogs[rng.randrange(len(dialogs))]["turns"]
            turns[-1:-1] = other[1:-1]
        clock = 0.0
        segments = []
        for turn in turns:
            length = max(1.0, len(turn["text"]) / 14.0)
            segments.append({
                "speaker": turn["speaker"], "start": round(clock, 2),
                "end": round(clock + length, 2), "text": turn["text"],
            })
            clock += length + rng.uniform(0.2, 1.2)
        started = now - timedelta(days=rng.randrange(30), minutes=rng.randrange(600))
        records.append({
            "external_id": f"stress-{number:05d}",
            "operator": dialog["operator"],
            "line": dialog["line"],
            "customer": f"+7916{rng.randrange(10**7):07d}",
            "started_at": started.isoformat(timespec="seconds"),
            "direction": dialog.get("direction", "inbound"),
            "outcome": dialog.get("outcome", "unknown"),
            "segments": segments,
        })
    return records


# --- The web server's writers --------------------------------------------------------------------


@dataclass
class WebTally:
    writes: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    connection_errors: int = 0
    reanalysis_posts: int = 0
    phrase_edits: int = 0
    lock = threading.Lock()

    def count(self, status: int) -> None:
        with self.lock:
            self.writes += 1
            self.statuses[status] += 1

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


class Client:
    """One keep-alive HTTP/1.1 connection to the loopback server, with a token or a session."""

    def __init__(self, port: int, token: str = "") -> None:
        self.port = port
        self.token = token
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: Any = None, *, form: bool = False,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Token {self.token}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None and form:
            data = urllib.parse.urlencode(body).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent["Referer"] = f"http://127.0.0.1:{self.port}/"
        try:
            self.connection.request(method, path, body=data, headers=sent)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, payload

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/login/")
        status, _ = self.request(
            "POST", "/login/",
            {"username": username, "password": password,
             "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
            form=True,
        )
        if status != 302:
            raise RuntimeError(f"login as {username} answered {status}")


def tag_writer(*, port: int, token: str, tags: list[str], analysed: list[int],
               stop: threading.Event, tally: WebTally, seed: int) -> None:
    """Add a manual tag to a random analysed call, then remove it, until told to stop."""
    client = Client(port, token)
    rng = random.Random(seed)
    while not stop.is_set() and tally.writes < MAX_TAG_WRITES:
        if not analysed:
            time.sleep(0.2)
            continue
        call_id = rng.choice(analysed)
        code = rng.choice(tags)
        for method, path, body in (
            ("POST", f"/api/v1/calls/{call_id}/tags/", {"tag": code}),
            ("DELETE", f"/api/v1/calls/{call_id}/tags/{code}/", None),
        ):
            try:
                status, _ = client.request(method, path, body)
            except (OSError, http.client.HTTPException):
                with tally.lock:
                    tally.connection_errors += 1
                time.sleep(0.5)
                break
            tally.count(status)
        time.sleep(0.02)


def taxonomy_writer(*, port: int, token: str, password: str, phrase_ids: list[int],
                    stop: threading.Event, tally: WebTally) -> None:
    """Every few seconds: edit a phrase (as an admin would) and start a re-analysis."""
    api = Client(port, token)
    web = Client(port)
    web.login("admin", password)
    gap = 1
    while not stop.wait(REANALYSIS_EVERY):
        gap = 3 - gap  # 1 ↔ 2: the taxonomy's stamp changes, the tags hardly do.
        phrase_id = phrase_ids[tally.phrase_edits % len(phrase_ids)]
        try:
            status, _ = api.request("PATCH", f"/api/v1/phrases/{phrase_id}/", {"max_gap": gap})
            tally.count(status)
            with tally.lock:
                tally.phrase_edits += 1
            status, _ = web.request(
                "POST", "/taxonomy/reanalyse/",
                {"csrfmiddlewaretoken": web.cookies.get("csrftoken", "")}, form=True,
                headers={"X-CSRFToken": web.cookies.get("csrftoken", "")},
            )
            tally.count(status)
            with tally.lock:
                tally.reanalysis_posts += 1
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.connection_errors += 1


# --- One scenario, in its own process ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )


def stop_group(process: subprocess.Popen[bytes] | None, grace: float = 20.0) -> None:
    if process is None:
        return
    from tests.process_groups import stop_process_group

    stop_process_group(process, grace=grace)


def wait_for_server(port: int, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"runserver exited with {process.returncode}")
        try:
            status, _ = Client(port).request("GET", "/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("runserver did not answer in time")


def setup_database() -> dict[str, Any]:
    """Schema, the demo people and lines (no audio calls), the demo taxonomy, an admin token."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from calls.demo.seed import DEMO_PASSWORD, demo_seed_lines, demo_seed_people
    from calls.models import KeyPhrase, Tag
    from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file

    call_command("migrate", verbosity=0, interactive=False)
    demo_seed_people()
    demo_seed_lines()
    taxonomy_import(data=taxonomy_read_file(ROOT / "calls" / "demo" / "taxonomy.json"))
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="admin"))
    return {
        "token": token.key,
        "password": DEMO_PASSWORD,
        "tags": sorted(Tag.objects.filter(is_active=True).values_list("code", flat=True)),
        "phrases": sorted(KeyPhrase.objects.filter(is_active=True)
                          .values_list("pk", flat=True))[:5],
    }


def status_counts() -> dict[str, int] | None:
    from django.db import OperationalError, connection
    from django.db.models import Count

    from calls.models import Call

    try:
        rows = Call.objects.values_list("status").annotate(n=Count("id"))
        return {status: n for status, n in rows}
    except OperationalError:
        return None  # The poller is a reader like any page: a locked read is tried next round.
    finally:
        connection.close()


def analysed_ids() -> list[int] | None:
    from django.db import OperationalError, connection

    from calls.models import Call

    try:
        return list(Call.objects.filter(status=Call.Status.ANALYSED)
                    .values_list("pk", flat=True)[:2000])
    except OperationalError:
        return None
    finally:
        connection.close()


def import_supports_create_missing(env: dict[str, str]) -> bool:
    help_text = subprocess.run(
        [sys.executable, "manage.py", "help", "import_transcripts"], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False,
    ).stdout
    return "--create-missing" in help_text


def run_scenario(name: str, calls: int, keep: bool) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"slyshu-stress-{name}-"))
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "SLYSHU_VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "SQLITE_PATH": str(workdir / "slyshu.sqlite3"),
        "Q_BROKER": "orm",
        "Q_WORKERS": "2",
        "Q_CLUSTER_NAME": f"stress-{name}",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("DATABASE_URL", None)
    if name in ("url", "busy1"):
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'x.sqlite3'}"
    if name == "busy1":
        env["SQLITE_BUSY_TIMEOUT"] = "1"
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    options = database.get("OPTIONS", {})
    seeded = setup_database()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    connection.close()

    transcripts = workdir / "transcripts.jsonl"
    with transcripts.open("w", encoding="utf-8") as out:
        for record in build_transcripts(calls):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    import_args = ["import_transcripts", str(transcripts), "--verbosity", "1"]
    if import_supports_create_missing(env):
        import_args.append("--create-missing")

    logs = {part: workdir / f"{part}.log" for part in ("cluster", "web", "import")}
    port = free_port()
    cluster = server = importer = None
    stop = threading.Event()
    tally = WebTally()
    analysed: list[int] = []
    threads: list[threading.Thread] = []
    progress: list[tuple[float, dict[str, int]]] = []
    try:
        server = start(["runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                       log=logs["web"])
        wait_for_server(port, server)
        cluster = start(["qcluster"], env=env, log=logs["cluster"])
        threads = [
            threading.Thread(target=tag_writer, daemon=True, kwargs={
                "port": port, "token": seeded["token"], "tags": seeded["tags"][k::2],
                "analysed": analysed, "stop": stop, "tally": tally, "seed": k,
            })
            for k in range(2)
        ]
        threads.append(threading.Thread(target=taxonomy_writer, daemon=True, kwargs={
            "port": port, "token": seeded["token"], "password": seeded["password"],
            "phrase_ids": seeded["phrases"], "stop": stop, "tally": tally,
        }))
        started = time.monotonic()
        importer = start(import_args, env=env, log=logs["import"])
        for thread in threads:
            thread.start()

        import_seconds = None
        settled_at = None
        last_change = time.monotonic()
        last_counts: dict[str, int] = {}
        printed = 0.0
        while True:
            time.sleep(2.0)
            now = time.monotonic()
            if import_seconds is None and importer.poll() is not None:
                import_seconds = now - started
            counts = status_counts()
            if counts is None:
                continue
            progress.append((round(now - started, 1), counts))
            ids = analysed_ids()
            if ids:
                analysed[:] = ids
            if counts != last_counts:
                last_counts = counts
                last_change = now
            total = sum(counts.values())
            open_calls = total - counts.get("analysed", 0) - counts.get("failed", 0)
            if now - printed >= 10:
                printed = now
                print(f"  [{name}] {now - started:5.0f} s  {counts}  web writes {tally.writes}",
                      flush=True)
            if import_seconds is not None and open_calls == 0:
                settled_at = now
                break
            if now - started > SETTLE_TIMEOUT or (
                import_seconds is not None and now - last_change > STALL_TIMEOUT
            ):
                break
        wall = (settled_at or time.monotonic()) - started
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stop_group(importer)
        stop_group(server)
        stop_group(cluster, grace=30)

    return collect(
        name=name, calls=calls, wall=wall, settled=settled_at is not None,
        import_seconds=import_seconds, importer_code=importer.returncode if importer else None,
        tally=tally, logs=logs, journal_mode=journal_mode, options=options,
        workdir=workdir, keep=keep,
    )


def collect(*, name: str, calls: int, wall: float, settled: bool, import_seconds: float | None,
            importer_code: int | None, tally: WebTally, logs: dict[str, Path], journal_mode: str,
            options: dict[str, Any], workdir: Path, keep: bool) -> dict[str, Any]:
    from django.db.models import Count
    from django_q.models import Task

    from calls.models import Call, CallStatusChange, ReanalysisRun

    counts = dict(Call.objects.values_list("status").annotate(n=Count("id")))
    reasons = Counter(
        re.sub(r"\d+", "N", reason)[:200]
        for reason in Call.objects.filter(status=Call.Status.FAILED)
        .values_list("failure_reason", flat=True)
    )
    # The status history notes a postponed analysis (the fix's wording: «Анализ отложен…»).
    postponed_notes = CallStatusChange.objects.filter(
        note__iregex=r"(отложен|retry|transient|временн)"
    ).count()
    task_failures = Counter(
        (str(result).strip().splitlines() or [""])[-1][:200]
        for result in Task.objects.filter(success=False).values_list("result", flat=True)
    )
    runs = dict(ReanalysisRun.objects.values_list("status").annotate(n=Count("id")))
    run_errors = Counter(ReanalysisRun.objects.filter(status=ReanalysisRun.Status.FAILED)
                         .values_list("error", flat=True))
    log_text = {part: path.read_text(encoding="utf-8", errors="replace")
                for part, path in logs.items() if path.exists()}
    imported = sum(counts.values())
    analysed = counts.get("analysed", 0)
    failed = counts.get("failed", 0)
    result = {
        "scenario": name,
        "database": SCENARIO_TITLES[name],
        "journal_mode": journal_mode,
        "sqlite_options": {k: v for k, v in options.items() if k != "init_command"}
        | ({"init_command": options["init_command"]} if "init_command" in options else {}),
        "calls": calls,
        "imported": imported,
        "import_exit_code": importer_code,
        "import_seconds": round(import_seconds, 1) if import_seconds is not None else None,
        "import_summary": import_summary(log_text.get("import", ""), importer_code),
        "analysed": analysed,
        "failed": failed,
        "failure_reasons": dict(reasons.most_common()),
        "pending": imported - analysed - failed,
        "pending_by_status": {s: n for s, n in counts.items() if s not in ("analysed", "failed")},
        "settled": settled,
        "wall_seconds": round(wall, 1),
        "calls_per_second": round((analysed + failed) / wall, 2) if wall else None,
        "web_writes": tally.writes,
        "web_status": {str(s): n for s, n in sorted(tally.statuses.items())},
        "web_5xx": tally.server_errors,
        "web_connection_errors": tally.connection_errors,
        "phrase_edits": tally.phrase_edits,
        "reanalysis_posts": tally.reanalysis_posts,
        "reanalysis_runs": runs,
        "reanalysis_errors": dict(run_errors.most_common(5)),
        "cluster_task_failures": dict(task_failures.most_common(5)),
        "retry_log_lines": {part: sum(1 for line in text.splitlines() if RETRY_LINE.search(line))
                            for part, text in log_text.items()},
        "postponed_status_notes": postponed_notes,
        "locked_log_lines": {part: sum(1 for line in text.splitlines() if LOCKED_LINE.search(line))
                             for part, text in log_text.items()},
        "workdir": str(workdir) if keep else None,
    }
    result["ok"] = bool(
        importer_code == 0 and imported == calls and analysed == calls and failed == 0
        and runs.get(ReanalysisRun.Status.FAILED, 0) == 0 and tally.server_errors == 0
    )
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def import_summary(log: str, exit_code: int | None) -> str:
    """The command's own tally line, or the last line of its traceback when it crashed."""
    lines = [line for line in log.splitlines() if line.strip()]
    tally = [line for line in lines if line.startswith("Imported:")]
    if tally:
        return tally[-1]
    return f"exit {exit_code}: {lines[-1][:200]}" if lines else f"exit {exit_code}"


# --- The report ----------------------------------------------------------------------------------


ROWS = [
    ("database", "database"),
    ("journal mode", "journal_mode"),
    ("calls imported", "imported"),
    ("analysed", "analysed"),
    ("failed", "failed"),
    ("pending", "pending"),
    ("wall time, s", "wall_seconds"),
    ("calls/s", "calls_per_second"),
    ("import, s", "import_seconds"),
    ("import", "import_summary"),
    ("web writes", "web_writes"),
    ("web 5xx", "web_5xx"),
    ("re-analysis runs", "reanalysis_runs"),
    ("failed cluster tasks", "cluster_task_failures"),
    ("retry log lines", "retry_log_lines"),
    ("postponed notes", "postponed_status_notes"),
    ("'locked' log lines", "locked_log_lines"),
    ("passed", "ok"),
]


def print_table(results: list[dict[str, Any]]) -> None:
    width = 40
    print()
    print(f"{'':<22}" + "".join(f"{r['scenario']:<{width}}" for r in results))
    for label, key in ROWS:
        cells = []
        for result in results:
            value = result.get(key)
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items()) or "—"
            cells.append(f"{str(value)[:width - 2]:<{width}}")
        print(f"{label:<22}" + "".join(cells))
    for result in results:
        if result["failure_reasons"]:
            print(f"\n{result['scenario']}: failure reasons")
            for reason, n in result["failure_reasons"].items():
                print(f"  {n:5d}  {reason}")
        if result["reanalysis_errors"]:
            print(f"\n{result['scenario']}: re-analysis errors")
            for reason, n in result["reanalysis_errors"].items():
                print(f"  {n:5d}  {reason[:200]}")


def git_head() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    return head.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    parser.add_argument("--label", default="", help="what code was measured, for the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.scenario:
        result = run_scenario(args.scenario, args.calls, args.keep)
        args.result.write_text(json.dumps(result, ensure_ascii=False, indent=2),
                               encoding="utf-8")
        return 0

    results = []
    for name in args.only or DEFAULT_SCENARIOS:
        print(f"Scenario {name}: {SCENARIO_TITLES[name]}, {args.calls} calls", flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            result_path = Path(handle.name)
        command = [sys.executable, __file__, "--scenario", name, "--calls", str(args.calls),
                   "--result", str(result_path)]
        if args.keep:
            command.append("--keep")
        child = subprocess.run(command, cwd=ROOT, check=False)
        try:
            results.append(json.loads(result_path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            results.append({"scenario": name, "database": SCENARIO_TITLES[name],
                            "ok": False, "error": f"scenario exited with {child.returncode}",
                            "failure_reasons": {}, "reanalysis_errors": {}})
        finally:
            result_path.unlink(missing_ok=True)

    print_table(results)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "label": args.label or git_head(), "calls": args.calls, "cluster_workers": 2,
        "results": results,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nWritten to {OUTPUT.relative_to(ROOT)}")
    return 0 if all(result.get("ok") for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())

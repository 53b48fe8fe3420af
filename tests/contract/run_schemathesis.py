"""The API contract check (issue 7 §4): schemathesis against a live server, bounded and seeded.

    .venv/bin/python tests/contract/run_schemathesis.py      (or `make api-contract`)

Why a script with a real server rather than pytest's live_server: the requests go through the
whole stack as in production (runserver's threads, the 404/500 handlers with DEBUG off, token
authentication), each pass gets its own copy of a database built once, so what one pass deletes
or creates cannot change what another sees, and the server is a process group we always kill.

Steps: a temporary folder holds the SQLite database, media and logs; `migrate` and `load_demo`
(the demo calls transcribed in-process by the test settings) build the database once; then for
each role a copy of it is served on a free port and schemathesis runs every operation of
/api/schema/ with a fixed seed, one worker and at most MAX_EXAMPLES cases an operation. Any
failure of the checks below fails the run; the server's log is shown when a pass fails.

The passes run at the same time (CONTRACT_JOBS=1 for one after the other): a pass is a client
and a server taking turns, waiting on each other far more than computing (both passes and the
build used 3 CPU-minutes in all where CI's sequential run took 6-7 minutes), so side by side they
take about the time of one. They share nothing that changes: each has its own database copy,
port, report and seed, so the cases sent and the checks made are those of one after the other;
each pass's output is printed whole when it ends, not interleaved.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SCHEMATHESIS = str(Path(PYTHON).with_name("schemathesis"))
SEED = int(os.environ.get("CONTRACT_SEED", "20261130"))
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))
# positive_data_acceptance is left out on purpose: it expects every schema-valid request to
# succeed, and this API rightly refuses with 400 what no schema can express: an operator, line,
# category or tag id that does not exist, bytes that are not a recording, a name of spaces only,
# a NUL (project/nul_bytes.py). Those refusals are checked by the suite instead.
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
])
# The stateful phase follows links between operations for as long as its own budget allows: its
# length and order depend on timing, so the bounded, repeatable run keeps to the other three.
PHASES = "examples,coverage,fuzzing"
SERVER_START_SECONDS = 60


@dataclass(frozen=True)
class Pass:
    """One schemathesis pass: whose token it sends."""

    username: str
    role: str


# An admin may do everything (writes, deletes); an operator sees only their own calls and gets
# 403 on writes, so both kinds of answer are checked against the schema.
PASSES = [Pass("admin", "admin"), Pass("anna", "operator")]


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="slyshu-contract-") as tmp:
        work = Path(tmp)
        pristine = work / "demo.sqlite3"
        # TMPDIR: the test settings make their MEDIA_ROOT with mkdtemp, so the uploads and the
        # demo audio land inside this folder and go with it.
        # No sidebar throttling: 25 cases an operation would mostly meet 429 and leave the
        # sidebar's logic untested (throttling has its own tests).
        base_env = {**_clean_environ(), "DJANGO_SETTINGS_MODULE": "project.settings.test",
                    "SQLITE_PATH": str(pristine), "TMPDIR": str(work),
                    "SIDEBAR_THROTTLE_RATE": ""}
        print(f"== API contract: building the demo database in {work}", flush=True)
        _manage(base_env, "migrate", "--noinput", "-v", "0")
        _manage(base_env, "load_demo", "-v", "0")
        tokens = {p.username: _token(base_env, p.username) for p in PASSES}
        print(f"   built in {time.monotonic() - started:.0f} s", flush=True)

        envs = {}
        for run in PASSES:
            database = work / f"{run.username}.sqlite3"
            shutil.copyfile(pristine, database)
            envs[run.username] = {**base_env, "SQLITE_PATH": str(database)}
        ports = _free_ports(len(PASSES))
        jobs = int(os.environ.get("CONTRACT_JOBS", "0")) or len(PASSES)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(
                lambda run, port: _run_pass(run, envs[run.username], tokens[run.username],
                                            work, port),
                PASSES, ports,
            ))
        failed = [run.role for run, ok in zip(PASSES, results, strict=True) if not ok]

    seconds = time.monotonic() - started
    passed = len(PASSES) - len(failed)
    print(f"== API contract: {seconds:.0f} s, seed {SEED}, {MAX_EXAMPLES} examples an operation")
    print(f"api-contract: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


def _run_pass(run: Pass, env: dict[str, str], token: str, work: Path, port: int) -> bool:
    log_path = work / f"server-{run.username}.log"
    output_path = work / f"schemathesis-{run.username}.log"
    started = time.monotonic()
    print(f"== Pass «{run.role}» ({run.username}) started on 127.0.0.1:{port}", flush=True)
    with log_path.open("wb") as log, output_path.open("wb") as output:
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            _wait_until_serving(port, server)
            result = subprocess.run(
                [
                    SCHEMATHESIS, "run", f"http://127.0.0.1:{port}/api/schema/?format=json",
                    "--header", f"Authorization: Token {token}",
                    "--checks", CHECKS,
                    "--phases", PHASES,
                    "--seed", str(SEED),
                    "--max-examples", str(MAX_EXAMPLES),
                    "--workers", "1",
                    "--generation-database", "none",
                    "--request-timeout", "60",
                    "--no-color",
                    "--report", "junit",
                    "--report-junit-path", str(work / f"junit-{run.username}.xml"),
                ],
                cwd=work, env=env, check=False, stdout=output, stderr=subprocess.STDOUT,
            )
        finally:
            _stop(server)
    # One print call: the other pass's lines cannot come in between.
    print(f"== Pass «{run.role}» ({run.username}) on 127.0.0.1:{port}, "
          f"{time.monotonic() - started:.0f} s\n{output_path.read_text(errors='replace')}",
          flush=True)
    if result.returncode != 0:
        print(f"-- server log of the failed pass «{run.role}» (last 200 lines):")
        print("\n".join(log_path.read_text(errors="replace").splitlines()[-200:]))
    return result.returncode == 0


def _clean_environ() -> dict[str, str]:
    # The contract runs on its own SQLite file and the ORM broker whatever the shell points at
    # (the suite's PostgreSQL and Redis pass sets these).
    return {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "SQLITE_PATH", "Q_BROKER", "REDIS_URL"}}


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode})")
    return done.stdout


def _token(env: dict[str, str], username: str) -> str:
    out = _manage(env, "drf_create_token", username)
    match = re.search(r"\b([0-9a-f]{40})\b", out)
    if not match:
        raise SystemExit(f"No API token for {username}: {out!r}")
    return match.group(1)


def _free_ports(count: int) -> list[int]:
    # All bound at once, so that the passes never get the same port.
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server exited with {server.returncode} before serving")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # 401 without a token: it answers
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer on port {port} in {SERVER_START_SECONDS} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


if __name__ == "__main__":
    sys.exit(main())

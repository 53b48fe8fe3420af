"""`make run`'s web server and task cluster, for real: one Ctrl-C or SIGTERM stops both, quickly and
quietly (it used to print thousands of lines ending in a RecursionError and a segfault)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.process_groups import stop_process_group

# `make serve` here runs on a SQLite database of its own, as `make run` does, whatever the
# suite's settings: on CI's PostgreSQL pass it would only repeat the first pass.
pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parents[4]
STOP_SECONDS = 10
START_SECONDS = 90
# The cluster's own «running» line, in Russian (the project's language) or django-q's English.
CLUSTER_UP = ("работает.", "running.")


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database of its own, as `make run` leaves it before serving."""
    folder = tmp_path_factory.mktemp("serve-var")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=_env(folder), check=True, timeout=300,
    )
    return folder


def _env(var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "SLYSHU_VAR_DIR": str(var),
        "Q_WORKERS": "1",
    }
    # The services run of the suite points these at PostgreSQL and Redis; this server is the
    # plain `make run` one, on its own SQLite file.
    for name in ("DATABASE_URL", "SQLITE_PATH", "MEDIA_ROOT", "Q_BROKER", "REDIS_URL"):
        env.pop(name, None)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _ours(var: Path) -> list[int]:
    """Processes still running with this test's var folder (server, cluster, workers)."""
    marker = f"SLYSHU_VAR_DIR={var}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class Served:
    def __init__(self, command: list[str], var: Path, log: Path, port: int | None = None) -> None:
        self.var = var
        self.log = log
        self.port = port or _free_port()
        where = (["HOST=127.0.0.1", f"PORT={self.port}"] if command[0] == "make"
                 else [f"127.0.0.1:{self.port}"])
        # Appending: every process writes to the one file at its end, none over another.
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [*command, *where], cwd=ROOT, env=_env(var), stdout=output,
                stderr=subprocess.STDOUT,
                # A session of its own, like a terminal: os.killpg is the terminal's Ctrl-C.
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"stopped while starting:\n{self.output()}")
            if _answers(self.port) and any(line in self.output() for line in CLUSTER_UP):
                return
            time.sleep(0.3)
        raise AssertionError(f"not up in {START_SECONDS}s:\n{self.output()}")

    def stopped_within(self, seconds: float) -> float:
        started = time.monotonic()
        self.process.wait(timeout=seconds)
        return time.monotonic() - started


@pytest.fixture
def serve(var_dir: Path, tmp_path: Path) -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for served in started:
        stop_process_group(served.process, grace=5)
    leftovers = _ours(var_dir)
    for pid in leftovers:
        os.kill(pid, signal.SIGKILL)
    assert leftovers == [], "processes outlived the test"


def _make_serve(serve: list[Served], var_dir: Path, tmp_path: Path) -> Served:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    served = Served(["make", "--no-print-directory", "-s", "serve"], var_dir,
                    tmp_path / "serve.log")
    serve.append(served)
    served.wait_until_up()
    return served


def _assert_quiet_stop(served: Served, before: str) -> None:
    after = served.output()[len(before):]
    for fault in ("Traceback", "RecursionError", "Segmentation fault", "Error"):
        assert fault not in after, after
    assert "Слышу остановлен." in after
    # A few lines of the cluster saying goodbye, not thousands.
    assert len(after.splitlines()) < 40, after
    assert not _answers(served.port)
    assert _ours(served.var) == []


def test_sigterm_to_make_stops_server_and_cluster_quietly(
    serve: list[Served], var_dir: Path, tmp_path: Path
) -> None:
    served = _make_serve(serve, var_dir, tmp_path)
    before = served.output()

    served.process.send_signal(signal.SIGTERM)

    assert served.stopped_within(STOP_SECONDS) < STOP_SECONDS
    _assert_quiet_stop(served, before)


def test_ctrl_c_stops_server_and_cluster_quietly(
    serve: list[Served], var_dir: Path, tmp_path: Path
) -> None:
    served = _make_serve(serve, var_dir, tmp_path)
    before = served.output()

    # What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    os.killpg(served.process.pid, signal.SIGINT)

    assert served.stopped_within(STOP_SECONDS) < STOP_SECONDS
    _assert_quiet_stop(served, before)


def test_when_the_server_cannot_start_the_cluster_is_stopped_too(
    serve: list[Served], var_dir: Path, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        served = Served([sys.executable, "manage.py", "serve"], var_dir, tmp_path / "serve.log",
                        port=int(taken.getsockname()[1]))
        serve.append(served)
        served.process.wait(timeout=START_SECONDS)

    output = served.output()
    assert served.process.returncode == 1
    assert "runserver завершился сам (код 1); остальные процессы остановлены." in output
    assert "Traceback" not in output
    assert _ours(var_dir) == []

"""Serve the product: the web server and the django-q2 task cluster, stopped together by one signal.

`make run` used to start both in the background under `trap 'kill 0' INT TERM EXIT`: `kill 0`
signals the whole process group, the shell that runs the trap included, so the trap fired again
and again while each process got a storm of signals (thousands of lines, a RecursionError in
django-q's handler, a segmentation fault). Here each child runs in a process group of its own,
so a Ctrl-C at the terminal reaches only this supervisor, which sends each child exactly one
SIGTERM, waits for it, and kills what is still alive after the grace period.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

# A cluster finishes the task in hand before it stops; a transcription may take minutes, and
# requeue_stuck gives an interrupted call back to the queue at the next start, so waiting longer
# than this only makes the person at the terminal wait.
DEFAULT_GRACE_SECONDS = 8.0
POLL_SECONDS = 0.1


@dataclass
class _Child:
    name: str
    process: subprocess.Popen[bytes]

    def running(self) -> bool:
        return self.process.poll() is None

    def terminate(self) -> None:
        if self.running():
            self.process.send_signal(signal.SIGTERM)

    def kill_group(self) -> None:
        """The child and whatever it started (the cluster's workers)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Command(BaseCommand):
    help = (
        "Run the web server (runserver) and the task cluster (qcluster) together until SIGINT or "
        "SIGTERM, then stop both within the grace period. If either stops on its own, the other "
        "is stopped too and the command fails."
    )
    # runserver checks the project itself; checking twice only delays the start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000",
            help="Address and port of the web server, as runserver takes them.",
        )
        parser.add_argument(
            "--grace", type=float, default=DEFAULT_GRACE_SECONDS,
            help="Seconds to wait for both to stop after a signal before killing them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        grace: float = options["grace"]
        if grace <= 0:
            raise CommandError(_("--grace должен быть больше нуля."))
        received: list[int] = []

        def note(signum: int, frame: FrameType | None) -> None:
            received.append(signum)

        # Installed before the children start, so a signal in between is not lost.
        previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
        children: list[_Child] = []
        try:
            children = [
                self._start("qcluster", ["qcluster"]),
                self._start("runserver", ["runserver", options["addrport"], "--noreload"]),
            ]
            stopped_alone = self._wait(children, received)
            if stopped_alone is None:
                self.stdout.write(_("Останавливаю веб-сервер и очередь задач…"))
            self._stop(children, received, grace=grace)
        finally:
            for child in children:
                if child.running():
                    child.kill_group()
                    child.process.wait()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if stopped_alone is not None:
            raise CommandError(
                _("%(name)s завершился сам (код %(code)s); остальные процессы остановлены.")
                % {"name": stopped_alone.name, "code": stopped_alone.process.returncode}
            )
        self.stdout.write(_("Слышу остановлен."))

    def _start(self, name: str, arguments: list[str]) -> _Child:
        process = subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments],
            # Its own process group: the terminal's Ctrl-C goes to the foreground group only,
            # so the child hears of it once, from us, and the group can be killed as a whole.
            process_group=0,
            env=os.environ.copy(),
        )
        return _Child(name=name, process=process)

    def _wait(self, children: list[_Child], received: list[int]) -> _Child | None:
        """Until a signal comes (None) or a child stops on its own (that child)."""
        while not received:
            for child in children:
                if not child.running():
                    return child
            time.sleep(POLL_SECONDS)
        return None

    def _stop(self, children: list[_Child], received: list[int], *, grace: float) -> None:
        signals_before = len(received)
        for child in children:
            child.terminate()
        deadline = time.monotonic() + grace
        while any(child.running() for child in children):
            # A second Ctrl-C means «now»: nobody presses it twice to wait longer.
            if time.monotonic() >= deadline or len(received) > signals_before:
                for child in children:
                    if child.running():
                        self.stdout.write(
                            _("%(name)s не остановился вовремя и завершён принудительно.")
                            % {"name": child.name}
                        )
                        child.kill_group()
                break
            time.sleep(POLL_SECONDS)
        for child in children:
            child.process.wait()

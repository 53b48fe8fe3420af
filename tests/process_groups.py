"""Stopping the real processes that cluster tests and benchmarks start in their own sessions."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_process_group(process: subprocess.Popen[bytes] | None, *, grace: float = 30.0) -> None:
    """SIGTERM lets a cluster stop its own workers; whatever is left of the process group after
    `grace` seconds is killed, so no worker or database session outlives the run."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()

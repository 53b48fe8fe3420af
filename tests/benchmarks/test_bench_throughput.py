"""bench_throughput's CPU by process: django-q2's process tree read from /proc and named."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.bench_throughput import ClusterSampler


def test_processes_are_named_by_django_q2_layout() -> None:
    sampler = ClusterSampler(root=100, workers=2)
    # qcluster 100 -> sentinel 101 -> workers 102, 103, then monitor 104, pusher 105; 107 replaced
    # a dead worker.
    sampler.parent = {100: 1, 101: 100, 102: 101, 103: 101, 104: 101, 105: 101, 107: 101}
    sampler.cpu = dict.fromkeys(sampler.parent, 1.0)

    assert sampler.roles() == {
        100: "qcluster (main)", 101: "sentinel (guard)", 102: "worker 1", 103: "worker 2",
        104: "monitor", 105: "pusher", 107: "worker (respawned) 107",
    }


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc only")
def test_sampler_reads_the_cpu_of_a_process_and_its_children() -> None:
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}])"
    process = subprocess.Popen([sys.executable, "-c", child])
    sampler = ClusterSampler(root=process.pid, workers=1)
    try:
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            sampler.sample()
            time.sleep(0.05)
    finally:
        process.wait()

    figures = sampler.by_role()
    assert "qcluster (main)" in figures
    assert figures["sentinel (guard)"]["cpu_s"] >= 0.2  # the burning child, one level down

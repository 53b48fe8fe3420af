"""`make bench`: run every benchmark script in this folder, one process each, and report."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    only = set(sys.argv[1:])
    failures = []
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem not in only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT)
        print(
            f"--- {script.stem}: exit {result.returncode}, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        if result.returncode != 0:
            failures.append(script.stem)
    if failures:
        print(f"\nFailed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

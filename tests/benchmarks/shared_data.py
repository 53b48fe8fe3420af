"""Where the benchmarks find the shared public corpora (UD Russian-Taiga, the ASR test sets):
`shared/data` next to the checkout, or the folder SLYSHU_SHARED_DATA names. Found relative to
the checkout, so a benchmark runs wherever the checkout is."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "SLYSHU_SHARED_DATA"


def shared_data_dir(skipped: str) -> Path | None:
    """The shared data folder; None, after saying on stderr what is skipped, when it is absent."""
    configured = os.environ.get(ENV_VAR)
    folder = Path(configured).expanduser() if configured else ROOT.parent / "shared" / "data"
    if folder.is_dir():
        return folder
    print(f"Shared data not found at {folder} (set {ENV_VAR} to its folder): {skipped} skipped.",
          file=sys.stderr)
    return None

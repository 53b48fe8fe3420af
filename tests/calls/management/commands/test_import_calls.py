"""import_calls: a folder of recordings, with or without a manifest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError

from calls.models import Call, Operator, RejectedUpload
from tests.audio_samples import write_wav

pytestmark = pytest.mark.django_db


def test_import_calls_folder_with_manifest(tmp_path: Path, run_command: Callable[..., str]) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    write_wav(folder / "a.wav", 1.0, channels=2)
    write_wav(folder / "b.wav", 1.0, freq=600)
    (folder / "broken.wav").write_bytes(b"RIFF....WAVEfmt garbage")
    (folder / "notes.txt").write_text("not a recording")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,external_id,line,direction,started_at,operator,customer_phone,outcome\n"
        "a.wav,tel-1,sales,outbound,2026-11-20T10:15:00+03:00,ivanova,89123456789,sale\n"
    )

    # The codes are new: an admin importing the first day's calls asks to create them.
    output = run_command("import_calls", str(folder), "--manifest", str(manifest),
                         "--create-missing")

    assert "Imported: 2, duplicates: 0, rejected: 1" in output
    assert "broken.wav" in output
    call = Call.objects.get(external_id="tel-1")
    assert call.direction == "outbound" and call.outcome == "sale"
    assert call.operator == Operator.objects.get(code="ivanova")
    assert call.customer_phone_masked == "+7 9** ***-**-89"
    # Without a manifest row the file name is the call's id.
    assert Call.objects.filter(external_id="b").exists()
    assert RejectedUpload.objects.get().filename == "broken.wav"

    again = run_command("import_calls", str(folder), "--manifest", str(manifest))
    assert "Imported: 0, duplicates: 2, rejected: 1" in again
    assert Call.objects.count() == 2


def test_import_calls_bad_manifest_is_a_clear_error(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    write_wav(tmp_path / "a.wav")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "a.wav", "started_at": "yesterday"}\n')
    with pytest.raises(CommandError, match="started_at"):
        run_command("import_calls", str(tmp_path), "--manifest", str(manifest))
    (tmp_path / "m.xml").write_text("<calls/>")
    with pytest.raises(CommandError, match=r"файл \.csv или \.jsonl"):
        run_command("import_calls", str(tmp_path), "--manifest", str(tmp_path / "m.xml"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="No audio files"):
        run_command("import_calls", str(empty))
    with pytest.raises(CommandError, match="no such file"):
        run_command("import_calls", str(tmp_path / "missing"))


def test_import_calls_refuses_metadata_out_of_range(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    write_wav(folder / "a.wav")
    write_wav(folder / "b.wav", freq=300)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        '{"file": "a.wav", "outcome": "won"}\n{"file": "b.wav", "mono_speaker": "operator"}\n'
    )

    output = run_command("import_calls", str(folder), "--manifest", str(manifest))

    assert "Imported: 1, duplicates: 0, rejected: 1" in output
    assert "outcome='won'" in output
    assert Call.objects.get().mono_speaker == "operator"
    assert RejectedUpload.objects.get().filename == "a.wav"

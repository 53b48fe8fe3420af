"""The command-line ways in: a folder of recordings and a file of ready transcripts."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from calls.models import Call, Operator, RejectedUpload
from tests.audio_samples import write_wav

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_calls_folder_with_manifest(tmp_path: Path) -> None:
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

    output = _run("import_calls", str(folder), "--manifest", str(manifest))

    assert "Imported: 2, duplicates: 0, rejected: 1" in output
    assert "broken.wav" in output
    call = Call.objects.get(external_id="tel-1")
    assert call.direction == "outbound" and call.outcome == "sale"
    assert call.operator == Operator.objects.get(code="ivanova")
    assert call.customer_phone_masked == "+7 9** ***-**-89"
    # Without a manifest row the file name is the call's id.
    assert Call.objects.filter(external_id="b").exists()
    assert RejectedUpload.objects.get().filename == "broken.wav"

    again = _run("import_calls", str(folder), "--manifest", str(manifest))
    assert "Imported: 0, duplicates: 2, rejected: 1" in again
    assert Call.objects.count() == 2


def test_import_calls_bad_manifest_is_a_clear_error(tmp_path: Path) -> None:
    write_wav(tmp_path / "a.wav")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "a.wav", "started_at": "yesterday"}\n')
    with pytest.raises(CommandError, match="started_at"):
        _run("import_calls", str(tmp_path), "--manifest", str(manifest))
    (tmp_path / "m.xml").write_text("<calls/>")
    with pytest.raises(CommandError, match="a .csv or .jsonl file"):
        _run("import_calls", str(tmp_path), "--manifest", str(tmp_path / "m.xml"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="No audio files"):
        _run("import_calls", str(empty))
    with pytest.raises(CommandError, match="no such file"):
        _run("import_calls", str(tmp_path / "missing"))


def test_import_transcripts(tmp_path: Path, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    good = {
        "external_id": "ext-1", "operator": "petrov", "customer": "+7 916 000-11-22",
        "started_at": "2026-11-20T10:00:00+03:00", "line": "support", "outcome": "resolved",
        "segments": [
            {"speaker": "customer", "start": 2.0, "end": 4.5, "text": "Я ждал на линии полчаса"},
            {"speaker": "operator", "start": 0.0, "end": 1.8, "text": "Здравствуйте"},
        ],
    }
    records = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({**good, "external_id": None, "id": "ext-2"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "ext-3", "segments": []}),
        json.dumps({"id": "ext-4", "segments": [{"speaker": "robot", "start": 0, "end": 1,
                                                  "text": "a"}]}),
        json.dumps({"id": "ext-5", "segments": [{"speaker": "customer", "start": 3, "end": 1,
                                                  "text": "a"}]}),
        json.dumps(good, ensure_ascii=False),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        output = _run("import_transcripts", str(path))

    assert "Imported: 2, duplicates: 1, rejected: 4" in output
    call = Call.objects.get(external_id="ext-1")
    # Segments are ordered by time, whatever the order in the file.
    assert [s.speaker for s in call.segments.all()] == ["operator", "customer"]
    assert call.duration == 4.5
    assert call.operator.code == "petrov"
    assert call.status == Call.Status.ANALYSED
    assert call.source == Call.Source.TRANSCRIPT
    assert not call.audio
    reasons = list(RejectedUpload.objects.values_list("reason", flat=True))
    assert len(reasons) == 4
    assert any("robot" in reason for reason in reasons)
    assert any("раньше" in reason for reason in reasons)


def test_import_calls_refuses_metadata_out_of_range(tmp_path: Path) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    write_wav(folder / "a.wav")
    write_wav(folder / "b.wav", freq=300)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        '{"file": "a.wav", "outcome": "won"}\n{"file": "b.wav", "mono_speaker": "operator"}\n'
    )

    output = _run("import_calls", str(folder), "--manifest", str(manifest))

    assert "Imported: 1, duplicates: 0, rejected: 1" in output
    assert "outcome='won'" in output
    assert Call.objects.get().mono_speaker == "operator"
    assert RejectedUpload.objects.get().filename == "a.wav"

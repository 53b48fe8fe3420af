"""calls.manifests: a manifest that cannot be read is refused with a Russian message."""

from __future__ import annotations

from pathlib import Path

import pytest

from calls.manifests import ManifestError, read_manifest
from tests.calls.test_audio_russian_messages import assert_russian


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("m.jsonl", '{"file": "a.wav", "started_at": "yesterday"}\n', "started_at"),
        ("m.csv", "file,started_at\na.wav,20.11.2026 10:15\n", "ISO 8601"),
        ("m.csv", "name,operator\na.wav,anna\n", "file"),
        ("m.jsonl", "{not json\n", "JSON"),
        ("m.jsonl", '["a.wav"]\n', "JSON"),
        ("m.jsonl", '{"file": ""}\n', "file"),
        ("m.xml", "<calls/>", ".jsonl"),
    ],
)
def test_unreadable_manifest_is_refused_in_russian(
    tmp_path: Path, name: str, content: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ManifestError) as info:
        read_manifest(path)

    message = info.value.message
    assert needle in message
    # The location (file name, line) is kept; the sentence around it is Russian.
    assert_russian(message.replace(str(tmp_path), "").replace(name, ""))


def test_a_good_manifest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("file,started_at,line\nday/a.wav,2026-11-20T10:15:00+03:00,sales\n")

    manifest = read_manifest(path)

    assert manifest["a.wav"].line == "sales"
    assert manifest["a.wav"].started_at is not None


@pytest.mark.parametrize(("value", "needle"), [
    ("9999-12-31T00:00:00-12:00", "вне допустимого диапазона"),
    ("2100-01-01T00:00:00+00:00", "вне допустимого диапазона"),
    ("2026-13-01T10:00:00+03:00", "не распознано"),
])
def test_started_at_out_of_range_or_impossible_is_refused_with_its_row(
    tmp_path: Path, value: str, needle: str
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(f"file,started_at\na.wav,{value}\n", encoding="utf-8")

    with pytest.raises(ManifestError) as info:
        read_manifest(path)

    assert "m.csv:2" in info.value.message
    assert needle in info.value.message


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("m.jsonl", '{"file": "a.wav", "operator": "an\\u0000na"}\n',
     "m.jsonl:1: нулевой символ (\\x00) в данных: поле «operator»."),
    ("m.csv", "file,operator\na.wav,an\x00na\n",
     "m.csv:2: нулевой символ (\\x00) в данных: поле «operator»."),
    ("m.jsonl", '{"file": ' + "[" * 10_000 + "]" * 10_000 + "}\n",
     "m.jsonl:1: Документ вложен слишком глубоко"),
])
def test_a_nul_or_a_deep_row_is_refused_with_its_place(
    tmp_path: Path, name: str, content: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as error:
        read_manifest(path)
    assert needle in error.value.message


@pytest.mark.parametrize("name", ["m.csv", "m.jsonl"])
def test_a_manifest_not_in_utf8_is_refused_with_its_byte(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    content = "file,operator\nзвонок.wav,ivanova\n" if name.endswith(".csv") else (
        '{"file": "звонок.wav"}\n')
    path.write_bytes(content.encode("cp1251"))

    with pytest.raises(ManifestError, match="не в кодировке UTF-8") as info:
        read_manifest(path)

    assert name in info.value.message

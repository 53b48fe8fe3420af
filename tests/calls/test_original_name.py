"""An uploaded call keeps its file's name as its title, by every way in (calls/ingestion.py
call_ingest_audio), and is shown and found by it on the pages, in the admin and in the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calls.models import Call, Operator
from calls.transcripts import call_import_transcript
from tests.audio_samples import write_wav
from tests.factories import CallFactory, UserFactory, api_client_for, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def wav(tmp_path: Path) -> bytes:
    return write_wav(tmp_path / "a.wav", 1.0).read_bytes()


def test_the_upload_page_keeps_the_file_name_as_the_title(
    manager_user: User, managed_operator: Operator, wav: bytes
) -> None:
    client = client_for(manager_user)

    response = client.post("/calls/upload/", {
        "operator": managed_operator.code, "direction": "inbound", "outcome": "unknown",
        "mono_speaker": "unknown",
        "audio": SimpleUploadedFile("2026-11-20 Иванова, возврат.wav", wav),
    }, HTTP_ACCEPT="application/json")

    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert call.original_name == "2026-11-20 Иванова, возврат.wav"
    # No external id was given: the id is the checksum's, the title is still the name.
    assert call.external_id.startswith("sha256:")
    assert call.title == "2026-11-20 Иванова, возврат.wav"
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "<h1>Звонок 2026-11-20 Иванова, возврат.wav</h1>" in page
    assert "Имя файла" in page and call.external_id in page
    listing = client.get("/calls/").content.decode()
    assert "2026-11-20 Иванова, возврат.wav" in listing


def test_the_api_keeps_the_name_or_the_one_it_is_given(
    manager_user: User, managed_operator: Operator, tmp_path: Path
) -> None:
    client = api_client_for(manager_user)
    first = write_wav(tmp_path / "1.wav", 1.0, freq=500).read_bytes()
    second = write_wav(tmp_path / "2.wav", 1.0, freq=700).read_bytes()

    named = client.post("/api/v1/calls/", {
        "audio": SimpleUploadedFile("C:\\записи\\звонок\x00 7.wav", first),
        "operator": managed_operator.code,
    }, format="multipart")
    given = client.post("/api/v1/calls/", {
        "audio": SimpleUploadedFile("blob", second), "operator": managed_operator.code,
        "original_name": "Петров/перезвон.ogg", "external_id": "crm-2",
    }, format="multipart")

    assert named.status_code == 201, named.content
    # Folders and control characters are not part of the name.
    assert named.json()["original_name"] == "звонок 7.wav"
    assert named.json()["title"] == "звонок 7.wav"
    assert given.status_code == 201, given.content
    assert given.json()["original_name"] == "перезвон.ogg"
    detail = client.get(f"/api/v1/calls/{given.json()['id']}/").json()
    assert (detail["original_name"], detail["title"], detail["external_id"]) == (
        "перезвон.ogg", "перезвон.ogg", "crm-2")


def test_the_api_filter_finds_calls_by_name_or_external_id(admin_user: User) -> None:
    CallFactory(external_id="crm-100", original_name="Иванова возврат.wav")
    CallFactory(external_id="crm-200", original_name="Петров продажа.wav")
    CallFactory(external_id="crm-300")
    client = api_client_for(admin_user)

    def found(search: str) -> set[str]:
        response = client.get("/api/v1/calls/", {"search": search})
        assert response.status_code == 200, response.content
        return {row["external_id"] for row in response.json()["results"]}

    assert found("возврат") == {"crm-100"}
    # Any case, Cyrillic too (SQLite folds only Latin letters by itself).
    assert found("иванова") == {"crm-100"} and found("ПЕТРОВ") == {"crm-200"}
    assert found("WAV") == {"crm-100", "crm-200"}
    assert found("crm-300") == {"crm-300"}
    assert found("нет такого") == set()
    # An empty parameter is a program's mistake, as for every filter of the API.
    assert client.get("/api/v1/calls/", {"search": ""}).status_code == 400
    parameters = {p["name"] for p in client.get("/api/schema/?format=json").json()[
        "paths"]["/api/v1/calls/"]["get"]["parameters"]}
    assert "search" in parameters


def test_the_call_list_searches_by_name_within_what_the_user_sees(
    operator: Operator, other_operator: Operator, listed: Callable[..., set[str]]
) -> None:
    CallFactory(operator=operator, external_id="mine", original_name="возврат 1.wav")
    CallFactory(operator=operator, external_id="mine-2", original_name="продажа.wav")
    CallFactory(operator=other_operator, external_id="theirs", original_name="возврат 2.wav")
    client = client_for(operator.user)

    response = client.get(reverse("calls:list"), {"search": "возврат"})

    assert listed(response) == {"mine"}
    assert 'value="возврат"' in response.content.decode()


def test_import_calls_keeps_the_file_name_and_a_manifest_may_give_another(
    tmp_path: Path, run_command: Callable[..., str]
) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    write_wav(folder / "Иванова 10-15.wav", 1.0, freq=500)
    write_wav(folder / "0042.wav", 1.0, freq=700)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps(
        {"file": "0042.wav", "external_id": "tel-42", "original_name": "Петров\tперезвон.wav"},
        ensure_ascii=False,
    ) + "\n")

    run_command("import_calls", str(folder), "--manifest", str(manifest))

    assert Call.objects.get(external_id="Иванова 10-15").original_name == "Иванова 10-15.wav"
    assert Call.objects.get(external_id="tel-42").original_name == "Петров перезвон.wav"


def test_an_imported_transcript_has_no_file_name_and_its_id_is_its_title() -> None:
    result = call_import_transcript(record={
        "external_id": "ext-9", "started_at": "2026-11-20T10:00:00+03:00",
        "segments": [{"speaker": "customer", "start": 0, "end": 1, "text": "Алло"}],
    })

    assert result.call.original_name == ""
    assert result.call.title == "ext-9"


def test_the_admin_uploads_lists_and_searches_by_the_file_name(wav: bytes) -> None:
    CallFactory(external_id="crm-1", original_name="Иванова возврат.wav")
    CallFactory(external_id="crm-2", original_name="Петров.wav")
    client = client_for(UserFactory(role="admin", is_staff=True))

    client.post("/admin/calls/call/upload/", {
        "audio": SimpleUploadedFile("из админки.wav", wav), "direction": "inbound",
        "outcome": "unknown", "mono_speaker": "unknown",
    })
    page = client.get("/admin/calls/call/", {"q": "возврат"}).content.decode()

    assert Call.objects.filter(original_name="из админки.wav", source=Call.Source.ADMIN).exists()
    assert "Иванова возврат.wav" in page and "Петров.wav" not in page
    assert "Имя файла" in page

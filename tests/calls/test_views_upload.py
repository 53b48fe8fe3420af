"""calls/views.py call_upload: the upload page for managers and admins, its per-file JSON answers
(what the page's script uses) and its no-script form."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from calls.models import Call, Operator, RejectedUpload
from tests.audio_samples import write_wav
from tests.factories import LineFactory, client_for

pytestmark = pytest.mark.django_db

URL = "/calls/upload/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def wav(tmp_path: Path) -> bytes:
    return write_wav(tmp_path / "a.wav", 1.0).read_bytes()


def _batch(operator: Operator | None) -> dict[str, str]:
    LineFactory(code="sales", name="Продажи")
    return {"line": "sales", "operator": operator.code if operator else "",
            "direction": "outbound", "outcome": "sale", "mono_speaker": "operator"}


def test_operators_may_not_upload_and_do_not_see_the_link(operator: Operator) -> None:
    client = client_for(operator.user)

    assert client.get(URL).status_code == 403
    assert URL not in client.get("/calls/").content.decode()


def test_managers_see_the_link_and_only_their_teams_operators(
    manager_user: User, managed_operator: Operator, other_operator: Operator
) -> None:
    client = client_for(manager_user)

    assert f'href="{URL}"' in client.get("/calls/").content.decode()
    page = client.get(URL).content.decode()
    assert "Загрузка записей" in page and "Перетащите записи сюда" in page
    assert f'value="{managed_operator.code}"' in page
    assert f'value="{other_operator.code}"' not in page


def test_one_file_per_request_answers_in_json(
    manager_user: User, managed_operator: Operator, wav: bytes
) -> None:
    client = client_for(manager_user)
    data = _batch(managed_operator)

    response = client.post(URL, {**data, "audio": SimpleUploadedFile("a.wav", wav)}, **JSON)

    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert response.json() == {"filename": "a.wav", "created": True, "call": {
        "id": call.pk, "url": f"/calls/{call.pk}/", "status": call.get_status_display()}}
    assert call.operator == managed_operator and call.line and call.line.code == "sales"
    assert (call.direction, call.outcome, call.mono_speaker) == ("outbound", "sale", "operator")
    assert call.source == Call.Source.PAGE
    # The manager who uploaded it can open it.
    assert client.get(f"/calls/{call.pk}/").status_code == 200

    again = client.post(URL, {**data, "audio": SimpleUploadedFile("b.wav", wav)}, **JSON)
    assert again.status_code == 200 and again.json()["created"] is False


def test_a_refused_file_answers_in_russian_and_is_recorded(
    manager_user: User, managed_operator: Operator
) -> None:
    response = client_for(manager_user).post(URL, {
        **_batch(managed_operator), "audio": SimpleUploadedFile("notes.wav", b"not audio" * 50),
    }, **JSON)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "audio_rejected"
    assert error["message"] == "Это не аудиофайл или его формат не поддерживается."
    assert RejectedUpload.objects.get().filename == "notes.wav"


def test_a_manager_cannot_file_a_call_under_another_teams_operator(
    manager_user: User, other_operator: Operator, wav: bytes
) -> None:
    client = client_for(manager_user)
    response = client.post(URL, {
        **_batch(other_operator), "audio": SimpleUploadedFile("a.wav", wav),
    }, **JSON)

    assert response.status_code == 400
    assert response.json()["error"]["details"]["operator"]
    missing = client.post(URL, {
        **_batch(None), "audio": SimpleUploadedFile("a.wav", wav),
    }, **JSON)
    assert "Выберите оператора" in missing.json()["error"]["message"]
    assert not Call.objects.exists()


def test_admin_may_leave_the_operator_empty(admin_user: User, wav: bytes) -> None:
    response = client_for(admin_user).post(URL, {
        "direction": "inbound", "outcome": "unknown", "mono_speaker": "unknown",
        "audio": SimpleUploadedFile("a.wav", wav),
    }, **JSON)

    assert response.status_code == 201
    assert Call.objects.get().operator is None


def test_without_script_the_form_takes_several_files_and_lists_each_answer(
    manager_user: User, managed_operator: Operator, wav: bytes, tmp_path: Path
) -> None:
    other = write_wav(tmp_path / "b.wav", 1.0, freq=600).read_bytes()
    response = client_for(manager_user).post(URL, {
        **_batch(managed_operator),
        "audio": [SimpleUploadedFile("good.wav", wav), SimpleUploadedFile("bad.mp3", b"x" * 90),
                  SimpleUploadedFile("good2.wav", other)],
    })

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Принята") >= 2
    assert "bad.mp3" in page and "Это не аудиофайл или его формат не поддерживается." in page
    assert Call.objects.count() == 2
    # The batch's details stay chosen for the next files.
    assert 'value="sales" selected' in page


def test_without_script_a_form_error_says_the_files_must_be_chosen_again(
    manager_user: User, managed_operator: Operator, wav: bytes
) -> None:
    response = client_for(manager_user).post(URL, {
        **_batch(None), "audio": SimpleUploadedFile("a.wav", wav),
    })

    assert response.status_code == 400
    page = response.content.decode()
    assert "Записи не загружены" in page and "выберите файл снова" in page
    assert "Выберите оператора" in page
    assert 'value="sales" selected' in page
    assert not Call.objects.exists()


def test_no_file_is_a_clear_error(manager_user: User, managed_operator: Operator) -> None:
    answer = client_for(manager_user).post(URL, _batch(managed_operator), **JSON)

    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Выберите хотя бы один файл записи."

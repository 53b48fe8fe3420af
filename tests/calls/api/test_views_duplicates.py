"""calls/api/views.py and calls/views.py call_upload: a duplicate upload answers with the stored
call only when the uploader may see it; otherwise a 409 that reveals nothing about it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from calls.models import Call, Operator
from tests.audio_samples import write_wav
from tests.factories import CallFactory, LineFactory, client_for

pytestmark = pytest.mark.django_db


def _api_upload(user: User, name: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client.post("/api/v1/calls/", {"audio": SimpleUploadedFile(name, content), **fields},
                       format="multipart")


def _assert_reveals_nothing(response, call: Call) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["error"]["code"] == "duplicate"
    assert "недоступен" in body["error"]["message"]
    assert body["error"]["details"] is None
    text = response.content.decode()
    assert str(call.pk) not in text and (call.operator is None or call.operator.code not in text)
    assert not call.customer_key or call.customer_key not in text


def test_same_external_id_of_a_foreign_call_is_a_409_without_the_call(
    manager_user: User, managed_operator: Operator, other_operator: Operator, tmp_path: Path
) -> None:
    foreign = CallFactory(operator=other_operator, external_id="demo-002",
                          customer_key="k" * 64)

    response = _api_upload(manager_user, "x.wav", write_wav(tmp_path / "x.wav").read_bytes(),
                           external_id="demo-002", operator=managed_operator.code)

    _assert_reveals_nothing(response, foreign)
    assert Call.objects.count() == 1


def test_same_audio_as_a_foreign_call_is_a_409_but_the_owner_gets_the_call(
    admin_user: User, manager_user: User, managed_operator: Operator, other_operator: Operator,
    tmp_path: Path,
) -> None:
    audio = write_wav(tmp_path / "a.wav", 1.5).read_bytes()
    first = _api_upload(admin_user, "a.wav", audio, operator=other_operator.code)
    assert first.status_code == 201, first.content
    foreign = Call.objects.get()

    _assert_reveals_nothing(
        _api_upload(manager_user, "b.wav", audio, operator=managed_operator.code), foreign
    )
    again = _api_upload(admin_user, "c.wav", audio, operator=other_operator.code)
    assert again.status_code == 200 and again.json()["id"] == foreign.pk


def test_the_upload_page_follows_the_same_rule(
    admin_user: User, manager_user: User, managed_operator: Operator, other_operator: Operator,
    tmp_path: Path,
) -> None:
    audio = write_wav(tmp_path / "a.wav").read_bytes()
    assert _api_upload(admin_user, "a.wav", audio, operator=other_operator.code).status_code == 201
    foreign = Call.objects.get()
    LineFactory(code="sales", name="Продажи")
    data = {"line": "sales", "operator": managed_operator.code, "direction": "outbound",
            "outcome": "sale", "mono_speaker": "operator"}
    client = client_for(manager_user)

    response = client.post("/calls/upload/", {**data, "audio": SimpleUploadedFile("a.wav", audio)},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "duplicate"
    assert "call" not in response.json()
    assert f"/calls/{foreign.pk}/" not in response.content.decode()

    page = client.post("/calls/upload/", {**data, "audio": SimpleUploadedFile("a.wav", audio)})
    html = page.content.decode()
    assert "недоступен" in html and f"/calls/{foreign.pk}/" not in html
    assert Call.objects.count() == 1

"""The admin's upload form follows the same rule: unknown codes are refused, and only an admin
may tick «create the missing ones»."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from calls.models import Call, Operator, RejectedUpload
from tests.audio_samples import write_wav
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/calls/call/upload/"


def _post(client: Client, tmp_path: Path, **fields: str):  # type: ignore[no-untyped-def]
    audio = write_wav(tmp_path / "a.wav", 1.0).read_bytes()
    return client.post(URL, {
        "audio": SimpleUploadedFile("a.wav", audio), "direction": "inbound",
        "outcome": "unknown", "mono_speaker": "unknown", **fields,
    })


def test_unknown_operator_is_a_form_error(tmp_path: Path) -> None:
    client = Client()
    client.force_login(UserFactory(role="admin", is_staff=True))

    response = _post(client, tmp_path, operator="ghost")

    assert response.status_code == 200
    assert "Оператор с кодом «ghost» не найден" in response.content.decode()
    assert not Call.objects.exists()
    assert RejectedUpload.objects.get().filename == "a.wav"


def test_admin_creates_the_missing_operator_when_asked(tmp_path: Path) -> None:
    client = Client()
    client.force_login(UserFactory(role="admin", is_staff=True))

    response = _post(client, tmp_path, operator="ghost", create_missing="on")

    assert response.status_code == 302
    assert Call.objects.get().operator == Operator.objects.get(code="ghost")


def test_a_staff_manager_may_not_ask_to_create(tmp_path: Path) -> None:
    client = Client()
    client.force_login(UserFactory(role="manager", is_staff=True))

    response = _post(client, tmp_path, operator="ghost", create_missing="on")

    assert response.status_code == 200
    assert "может только администратор" in response.content.decode()
    assert not Call.objects.exists() and not Operator.objects.exists()


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("started_at", "2100-01-01 00:00", "вне допустимого диапазона"),
    ("started_at", "9999-12-31 00:00", "вне допустимого диапазона"),
    ("customer_phone", "call me maybe", "Телефон клиента"),
    ("line", "<b>bad line</b>", "Код линии"),
])
def test_out_of_range_details_are_a_form_error_too(
    tmp_path: Path, field: str, value: str, needle: str
) -> None:
    client = Client()
    client.force_login(UserFactory(role="admin", is_staff=True))

    response = _post(client, tmp_path, **{field: value})

    assert response.status_code == 200
    assert needle in response.content.decode()
    assert not Call.objects.exists()
    assert RejectedUpload.objects.count() == 1

"""POST /api/v1/calls/ with operator or line codes nobody has set up: refused, unless an admin
explicitly asks to create them (they would be a phantom operator without a team otherwise)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from calls.ingestion import KNOWN_CODES_SHOWN
from calls.models import Call, Line, Operator, RejectedUpload
from tests.audio_samples import write_wav
from tests.factories import LineFactory, OperatorFactory, api_client_for

pytestmark = pytest.mark.django_db


def _upload(client: APIClient, tmp_path: Path, **fields: str):  # type: ignore[no-untyped-def]
    audio = write_wav(tmp_path / "a.wav", 1.0).read_bytes()
    return client.post(
        "/api/v1/calls/", {"audio": SimpleUploadedFile("a.wav", audio), **fields},
        format="multipart",
    )


def test_unknown_operator_is_refused_listing_the_known_codes(
    manager_user: User, managed_operator: Operator, tmp_path: Path
) -> None:
    LineFactory(code="sales")
    response = _upload(api_client_for(manager_user), tmp_path, external_id="crm-9",
                       operator="op-77", line="sales")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "metadata_rejected"
    assert "Оператор с кодом «op-77» не найден" in error["message"]
    assert managed_operator.code in error["message"]
    assert error["details"] == {
        "operator": {"code": "op-77", "known": [managed_operator.code], "known_total": 1},
    }
    assert not Call.objects.exists()
    assert not Operator.objects.filter(code="op-77").exists()
    rejection = RejectedUpload.objects.get()
    assert rejection.external_id == "crm-9"
    assert rejection.reason == error["message"]


def test_unknown_line_and_operator_are_both_named(
    manager_user: User, tmp_path: Path
) -> None:
    LineFactory(code="sales")
    response = _upload(api_client_for(manager_user), tmp_path, operator="ghost", line="sels")

    error = response.json()["error"]
    assert response.status_code == 400
    assert "«ghost»" in error["message"] and "Линия с кодом «sels» не найдена" in error["message"]
    assert "sales" in error["message"]
    assert set(error["details"]) == {"operator", "line"}
    assert not Line.objects.filter(code="sels").exists()


def test_many_known_codes_are_listed_only_in_part(manager_user: User, tmp_path: Path) -> None:
    for number in range(KNOWN_CODES_SHOWN + 5):
        OperatorFactory(code=f"op{number:03d}")

    error = _upload(api_client_for(manager_user), tmp_path, operator="nobody").json()["error"]

    assert len(error["details"]["operator"]["known"]) == KNOWN_CODES_SHOWN
    assert error["details"]["operator"]["known_total"] == KNOWN_CODES_SHOWN + 5
    assert f"первые {KNOWN_CODES_SHOWN} из {KNOWN_CODES_SHOWN + 5}" in error["message"]
    assert "op000" in error["message"] and "op024" not in error["message"]


def test_admin_may_ask_to_create_the_missing_codes(admin_user: User, tmp_path: Path) -> None:
    response = _upload(api_client_for(admin_user), tmp_path, operator="new-op", line="new-line",
                       create_missing="true")

    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert call.operator is not None and call.operator.code == "new-op"
    assert call.operator.team is None  # for the admin to fill in
    assert call.line is not None and call.line.code == "new-line"


def test_a_manager_asking_to_create_codes_is_refused_clearly(
    manager_user: User, tmp_path: Path
) -> None:
    response = _upload(api_client_for(manager_user), tmp_path, operator="new-op",
                       create_missing="true")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    assert "только администратор" in error["message"]
    assert not Call.objects.exists() and not Operator.objects.filter(code="new-op").exists()


def test_known_codes_need_no_flag(manager_user: User, managed_operator: Operator,
                                  tmp_path: Path) -> None:
    LineFactory(code="sales")
    response = _upload(api_client_for(manager_user), tmp_path, operator=managed_operator.code,
                       line="sales")

    assert response.status_code == 201, response.content
    # The manager sees the call they uploaded: it belongs to their team's operator.
    call_id = response.json()["id"]
    assert api_client_for(manager_user).get(f"/api/v1/calls/{call_id}/").status_code == 200


def test_a_manager_cannot_upload_a_call_they_could_not_see(
    manager_user: User, managed_operator: Operator, tmp_path: Path
) -> None:
    """Another team's operator, or no operator at all, would file the call where the manager who
    sent it gets 404; it is refused with the manager's own operators instead."""
    stranger = OperatorFactory(code="op-other")
    client = api_client_for(manager_user)

    for fields in ({"operator": stranger.code}, {}):
        response = _upload(client, tmp_path, external_id=f"crm-{len(fields)}", **fields)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "metadata_rejected"
        assert managed_operator.code in error["message"]
        assert error["details"]["operator"]["yours"] == [managed_operator.code]
    assert not Call.objects.exists()
    assert RejectedUpload.objects.count() == 2

    mine = _upload(client, tmp_path, external_id="crm-ok", operator=managed_operator.code)
    assert mine.status_code == 201
    assert client.get(f"/api/v1/calls/{mine.json()['id']}/").status_code == 200


def test_an_admin_files_calls_for_anyone(admin_user: User, tmp_path: Path) -> None:
    OperatorFactory(code="op-any")
    assert _upload(api_client_for(admin_user), tmp_path, operator="op-any").status_code == 201
    again = _upload(api_client_for(admin_user), tmp_path, external_id="x-2")
    assert again.status_code in (200, 201)

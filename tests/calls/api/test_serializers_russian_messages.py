"""The upload API's refusals are Russian: no DRF English or the type name «datetime»."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from calls.models import Call
from tests.audio_samples import write_wav
from tests.calls.test_audio_russian_messages import assert_russian
from tests.factories import OperatorFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client() -> APIClient:
    manager = UserFactory(role="manager")
    OperatorFactory(code="op-mine", team=TeamFactory(manager=manager))
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.mark.parametrize("started_at", ["yesterday", "2026-13-45T99:00", "20.11.2026 10:15"])
def test_a_bad_started_at_is_refused_in_russian(
    manager_client: APIClient, tmp_path: Path, started_at: str
) -> None:
    audio = write_wav(tmp_path / "a.wav", 1.0).read_bytes()
    response = manager_client.post(
        "/api/v1/calls/",
        {"audio": SimpleUploadedFile("a.wav", audio), "started_at": started_at},
        format="multipart",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("started_at: ")
    assert_russian(error["message"].removeprefix("started_at: "))
    assert "ISO 8601" in error["message"]
    assert not Call.objects.exists()


def test_a_corrupt_file_is_refused_in_russian(manager_client: APIClient) -> None:
    response = manager_client.post(
        "/api/v1/calls/",
        {"audio": SimpleUploadedFile("x.mp3", b"ID3" + bytes(range(256)) * 8),
         "operator": "op-mine"},
        format="multipart",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "audio_rejected"
    assert_russian(error["message"])

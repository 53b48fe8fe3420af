"""calls/api/serializers.py CallOutput: `customer_key` (the phone's HMAC) goes to admins only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from calls.models import Call, Operator
from project.roles import Role
from tests.audio_samples import write_wav
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db

KEY = "c0ffee" * 10 + "beef"


def _responses(user, call: Call) -> list[str]:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    listed = client.get("/api/v1/calls/")
    detail = client.get(f"/api/v1/calls/{call.pk}/")
    assert listed.status_code == 200 and detail.status_code == 200
    assert listed.json()["results"], "the call must be visible, or the test proves nothing"
    return [listed.content.decode(), detail.content.decode()]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER, Role.TRAINER])
def test_people_reading_calls_never_get_the_customer_key(role: Role, operator: Operator) -> None:
    user = UserFactory(role=role)
    if role == Role.OPERATOR:
        operator.user = user
        operator.save()
    elif role == Role.MANAGER:
        assert operator.team is not None
        operator.team.manager = user
        operator.team.save()
    call = CallFactory(operator=operator, customer_key=KEY)

    for body in _responses(user, call):
        assert "customer_key" not in body and KEY not in body


def test_admins_get_it_in_the_list_and_the_detail(admin_user, operator: Operator) -> None:  # type: ignore[no-untyped-def]
    call = CallFactory(operator=operator, customer_key=KEY)
    assert all(f'"customer_key":"{KEY}"' in body for body in _responses(admin_user, call))


def test_an_upload_answer_has_no_customer_key_for_a_manager(
    manager_user, managed_operator: Operator, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    client = APIClient()
    client.force_authenticate(manager_user)
    response = client.post("/api/v1/calls/", {
        "audio": SimpleUploadedFile("a.wav", write_wav(tmp_path / "a.wav").read_bytes()),
        "operator": managed_operator.code, "customer_phone": "+79123456789",
    }, format="multipart")
    assert response.status_code == 201, response.content
    assert "customer_key" not in response.json()
    assert Call.objects.get().customer_key

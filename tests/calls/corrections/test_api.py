"""calls/corrections/api.py: PATCH a segment's text, DELETE its correction, by the page's roles."""

from __future__ import annotations

import pytest

from calls.models import SegmentCorrection
from project.roles import Role
from tests.factories import (
    CallFactory,
    OperatorFactory,
    SegmentFactory,
    UserFactory,
    api_client_for,
)

pytestmark = pytest.mark.django_db


def _url(call_id: int, suffix: str = "") -> str:
    return f"/api/v1/calls/{call_id}/segments/2/{suffix}"


def test_a_trainer_corrects_reads_the_history_and_restores() -> None:
    trainer = UserFactory(username="anna", role=Role.TRAINER)
    segment = SegmentFactory(index=2, text="Куриер опоздал")
    client = api_client_for(trainer)

    response = client.patch(_url(segment.call_id), {"text": "Курьер опоздал"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["text"], body["recognized_text"], body["corrected_by"]) == (
        "Курьер опоздал", "Куриер опоздал", "anna")
    assert [(h["action"], h["text_after"], h["user"]) for h in body["history"]] == [
        ("corrected", "Курьер опоздал", "anna")]
    detail = client.get(f"/api/v1/calls/{segment.call_id}/").json()
    assert detail["segments"][0]["corrected_at"] is not None

    assert client.delete(_url(segment.call_id, "correction/")).status_code == 204
    assert client.delete(_url(segment.call_id, "correction/")).status_code == 404
    body = client.get(_url(segment.call_id)).json()
    assert (body["text"], body["recognized_text"]) == ("Куриер опоздал", None)


def test_operators_read_their_segment_but_may_not_correct_it() -> None:
    user = UserFactory(role=Role.OPERATOR)
    segment = SegmentFactory(index=2, text="Куриер", call=CallFactory(
        operator=OperatorFactory(user=user)))
    client = api_client_for(user)
    assert client.get(_url(segment.call_id)).status_code == 200
    response = client.patch(_url(segment.call_id), {"text": "Курьер"}, format="json")
    assert response.status_code == 403
    assert client.delete(_url(segment.call_id, "correction/")).status_code == 403
    assert not SegmentCorrection.objects.exists()


def test_someone_elses_call_is_404_and_bad_text_is_400() -> None:
    user = UserFactory(role=Role.OPERATOR)
    segment = SegmentFactory(index=2)
    assert api_client_for(user).get(_url(segment.call_id)).status_code == 404

    trainer = api_client_for(UserFactory(role=Role.TRAINER))
    response = trainer.patch(_url(segment.call_id), {"text": "  "}, format="json")
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize("body", [{"text": 0}, {"text": ["Курьер"]}, {"text": "Курьер", "x": 1}])
def test_a_text_that_is_not_a_string_or_an_unknown_field_is_400(body: dict[str, object]) -> None:
    segment = SegmentFactory(index=2, text="Куриер")
    trainer = api_client_for(UserFactory(role=Role.TRAINER))
    response = trainer.patch(_url(segment.call_id), body, format="json")
    assert response.status_code == 400, response.content
    segment.refresh_from_db()
    assert segment.text == "Куриер" and not SegmentCorrection.objects.exists()

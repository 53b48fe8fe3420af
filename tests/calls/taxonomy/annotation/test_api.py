"""calls/taxonomy/annotation/api.py: the same roles and blindness as the pages, Russian 400s and
nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from calls.models import Annotation, AnnotationCampaign, Call, CallTag, Tag
from project.roles import Role
from tests.factories import (
    CallTagFactory,
    OperatorFactory,
    TagFactory,
    UserFactory,
    api_client_for,
    call_with_segments,
)
from tests.factories_annotation import annotator, answer, campaign_with

pytestmark = pytest.mark.django_db

BASE = "/api/v1/taxonomy/annotation"
SAID = ("customer", "Курьер опоздал на два часа")


@pytest.fixture
def late() -> Tag:
    return TagFactory(code="late", name="Опоздание")


@pytest.fixture
def rude() -> Tag:
    return TagFactory(code="rude", name="Грубость")


@pytest.fixture
def people() -> list[User]:
    return [annotator("ann-a"), annotator("ann-b")]


@pytest.fixture
def calls() -> list[Call]:
    return [call_with_segments(SAID), call_with_segments(SAID)]


@pytest.fixture
def campaign(calls: list[Call], people: list[User]) -> AnnotationCampaign:
    return campaign_with(calls, people, name="Декабрь")


@pytest.fixture
def admin() -> User:
    return UserFactory(username="boss", role=Role.ADMIN)


def _item(campaign: AnnotationCampaign, call: Call) -> str:
    return f"{BASE}/campaigns/{campaign.pk}/items/{call.pk}/"


def test_an_item_is_blind_to_the_calls_tags_and_the_other_answers(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag, rude: Tag
) -> None:
    CallTagFactory(call=calls[0], tag=late, source=CallTag.Source.AUTO)
    answer(campaign, calls[0], people[1], [rude])
    client = api_client_for(people[0])

    body = client.get(_item(campaign, calls[0])).json()
    assert body["answer"] is None and body["segments"][0]["text"] == SAID[1]
    # Every active tag is a choice, none of them marked: the auto tag and the other's answer
    # are nowhere in the item.
    assert {choice["code"] for choice in body.pop("choices")} == {"late", "rude"}
    assert "late" not in str(body) and "rude" not in str(body)

    saved = client.put(_item(campaign, calls[0]), {"tags": ["late"]}, format="json").json()
    assert saved["answer"]["tags"] == ["late"]
    saved.pop("choices")
    assert "rude" not in str(saved)
    items = client.get(f"{BASE}/items/").json()
    assert [(row["call"], row["answered"]) for row in items] == [
        (calls[0].pk, True),
        (calls[1].pk, False),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tags": ["late"], "none_apply": True}, None),
        ({}, None),
        ({"tags": ["nope"]}, "tags"),
        ({"tags": "late"}, "tags"),
        ({"tags": ["late"], "none_apply": "yes"}, "none_apply"),
        ({"tags": ["late"], "extra": 1}, "extra"),
    ],
)
def test_bad_answers_are_russian_400s_and_write_nothing(
    campaign: AnnotationCampaign,
    calls: list[Call],
    people: list[User],
    late: Tag,
    body: dict[str, Any],
    field: str | None,
) -> None:
    response = api_client_for(people[0]).put(_item(campaign, calls[0]), body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    text = str(error)
    assert any("а" <= char <= "я" for char in text.lower()), text
    if field:
        assert field in str(error.get("fields", error))
    assert not Annotation.objects.exists()


def test_a_closed_campaign_takes_no_answer(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag
) -> None:
    AnnotationCampaign.objects.filter(pk=campaign.pk).update(status="closed")
    response = api_client_for(people[0]).put(
        _item(campaign, calls[0]), {"tags": ["late"]}, format="json"
    )
    assert response.status_code == 409 and not Annotation.objects.exists()


def test_someone_who_only_annotates_reads_no_taxonomy_api(people: list[User]) -> None:
    client = api_client_for(people[0])
    for address in ("/api/v1/tags/", "/api/v1/phrases/", "/api/v1/tag-categories/"):
        assert client.get(address).status_code == 403, address
    trainer = UserFactory(username="olga", role=Role.TRAINER)
    assert api_client_for(trainer).get("/api/v1/tags/").status_code == 200


def test_others_get_404_or_403(campaign: AnnotationCampaign, calls: list[Call]) -> None:
    stranger = api_client_for(annotator("ann-x"))
    assert stranger.get(_item(campaign, calls[0])).status_code == 404
    assert (
        stranger.put(_item(campaign, calls[0]), {"none_apply": True}, format="json").status_code
        == 404
    )
    assert stranger.get(f"{BASE}/items/").json() == []
    assert stranger.get(f"{BASE}/campaigns/").status_code == 403
    # An id past the database's integer range is a campaign nobody has: 404, not a 500.
    assigned = api_client_for(campaign.annotators.first())
    assert assigned.get(f"{BASE}/campaigns/{2**70}/items/{calls[0].pk}/").status_code == 404
    assert assigned.get(f"{BASE}/campaigns/{campaign.pk}/items/{2**70}/").status_code == 404
    for user in (OperatorFactory().user, UserFactory(role=Role.MANAGER)):
        client = api_client_for(user)
        assert client.get(f"{BASE}/items/").status_code == 403
        assert client.get(_item(campaign, calls[0])).status_code == 403
        assert client.get(f"{BASE}/campaigns/{campaign.pk}/").status_code == 403


@override_settings(ANNOTATION_APPLY_ON_CLOSE=True)
def test_an_admin_runs_a_campaign_through_the_api(
    admin: User, people: list[User], calls: list[Call], late: Tag
) -> None:
    client = api_client_for(admin)
    created = client.post(
        f"{BASE}/campaigns/",
        {
            "name": "Январь",
            "sample_size": 2,
            "annotators": ["ann-a", "ann-b"],
            "seed": 1,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    campaign = created.json()
    assert campaign["status"] == "open" and len(campaign["calls"]) == 2
    for person in people:
        for row in campaign["calls"]:
            api_client_for(person).put(
                f"{BASE}/campaigns/{campaign['id']}/items/{row['call']}/",
                {"tags": ["late"]},
                format="json",
            )
    detail = client.get(f"{BASE}/campaigns/{campaign['id']}/").json()
    assert all(row["answers"] is None and row["answered"] == 2 for row in detail["calls"])

    closed = client.post(f"{BASE}/campaigns/{campaign['id']}/close/").json()
    assert closed["status"] == "closed" and closed["labels_applied_at"]
    assert all(row["reference"]["tags"] == ["late"] for row in closed["calls"])
    assert CallTag.objects.manual().count() == 2
    again = client.post(f"{BASE}/campaigns/{campaign['id']}/close/")
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "sample_size": 2, "annotators": ["ann-a"]},
        {"name": "X", "sample_size": 2, "annotators": ["ann-a", "nobody"]},
        {"name": "X", "sample_size": "2", "annotators": ["ann-a", "ann-b"]},
        {"name": "X", "sample_size": 2, "annotators": ["ann-a", "ann-b"], "sampling": "import"},
    ],
)
def test_bad_campaigns_are_russian_400s(
    admin: User, people: list[User], calls: list[Call], body: dict[str, Any]
) -> None:
    response = api_client_for(admin).post(f"{BASE}/campaigns/", body, format="json")
    assert response.status_code == 400
    assert not AnnotationCampaign.objects.exists()


def test_an_admin_decides_a_tie(
    admin: User, campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag
) -> None:
    answer(campaign, calls[0], people[0], [late])
    answer(campaign, calls[0], people[1])
    AnnotationCampaign.objects.filter(pk=campaign.pk).update(status="closed")
    client = api_client_for(admin)
    detail = client.get(f"{BASE}/campaigns/{campaign.pk}/").json()
    assert detail["ties"] == [{"call": calls[0].pk, "tag": "late", "votes": 1, "annotators": 2}]
    url = f"{BASE}/campaigns/{campaign.pk}/calls/{calls[0].pk}/tie/"
    assert client.post(url, {"tag": "late", "applies": "да"}, format="json").status_code == 400
    decided = client.post(url, {"tag": "late", "applies": True}, format="json").json()
    assert decided["ties"] == [] and decided["calls"][0]["reference"]["tags"] == ["late"]

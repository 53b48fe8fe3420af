"""calls/api/taxonomy_views.py, the taxonomy API: CRUD by role, phrase validation in the common
error shape, and the tags of a call (visibility follows the call's)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from calls.models import CallTag, CallTagChange, KeyPhrase, Operator, Tag
from calls.taxonomy import tagging
from project.roles import Role
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
    api_client_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.MANAGER, Role.ADMIN])
def test_every_role_reads_the_taxonomy(role: Role) -> None:
    phrase = KeyPhraseFactory(text="верните деньги", tag__code="refund")
    client = api_client_for(UserFactory(role=role))

    tags = client.get("/api/v1/tags/").json()["results"]
    assert tags[0]["code"] == "refund"
    assert tags[0]["phrases"][0]["text"] == "верните деньги"
    assert client.get("/api/v1/tag-categories/").status_code == 200
    assert client.get("/api/v1/phrases/?tag=refund").json()["results"][0]["id"] == phrase.pk
    assert client.get("/api/v1/tags/refund/").json()["name"] == phrase.tag.name


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.MANAGER])
def test_only_admins_write_the_taxonomy(role: Role) -> None:
    category = TagCategoryFactory()
    tag = TagFactory(category=category)
    client = api_client_for(UserFactory(role=role))

    denied = client.post("/api/v1/tags/", {"code": "x", "name": "X", "category": category.pk},
                         format="json")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "permission_denied"
    assert client.patch(f"/api/v1/tags/{tag.code}/", {"name": "Y"},
                        format="json").status_code == 403
    assert client.post("/api/v1/tag-categories/", {"name": "Z"},
                       format="json").status_code == 403
    assert client.delete(f"/api/v1/tags/{tag.code}/").status_code == 403
    assert APIClient().get("/api/v1/tags/").status_code in (401, 403)


def test_admin_crud_and_phrase_validation(admin_user: User) -> None:
    client = api_client_for(admin_user)
    category = client.post("/api/v1/tag-categories/", {"name": "Оплата"}, format="json").json()
    created = client.post(
        "/api/v1/tags/",
        {"code": "refund", "name": "Возврат", "category": category["id"]}, format="json",
    )
    assert created.status_code == 201 and created.json()["is_active"]

    phrase = client.post(
        "/api/v1/phrases/",
        {"tag": "refund", "text": "верните  деньги", "speaker": "customer", "max_gap": 2,
         "window": {"kind": "last", "seconds": 60}},
        format="json",
    )
    assert phrase.status_code == 201
    assert phrase.json()["text"] == "верните деньги"
    assert phrase.json()["window"] == {"kind": "last", "seconds": 60}

    invalid = client.post(
        "/api/v1/phrases/",
        {"tag": "refund", "text": "«промокод", "speaker": "customer"}, format="json",
    )
    assert invalid.status_code == 400
    assert invalid.json()["error"]["code"] == "phrase_invalid"
    assert "кавычка" in invalid.json()["error"]["message"]
    bad_speaker = client.post("/api/v1/phrases/", {"tag": "refund", "text": "а",
                                                   "speaker": "robot"}, format="json")
    assert bad_speaker.status_code == 400 and "speaker" in bad_speaker.json()["error"]["message"]

    patched = client.patch(f"/api/v1/phrases/{phrase.json()['id']}/",
                           {"window": None, "max_gap": 0}, format="json")
    assert patched.json()["window"] is None and patched.json()["max_gap"] == 0
    assert patched.json()["text"] == "верните деньги"

    retired = client.patch("/api/v1/tags/refund/", {"is_active": False}, format="json").json()
    assert retired["is_active"] is False and retired["retired_on"]
    # A tag some call carries is retired, not deleted.
    CallTag.objects.create(call=CallFactory(), tag=Tag.objects.get(code="refund"),
                           source="manual")
    in_use = client.delete("/api/v1/tags/refund/")
    # The request is fine; the tag's state forbids it: a conflict (409), not a bad request.
    assert in_use.status_code == 409 and in_use.json()["error"]["code"] == "tag_in_use"
    assert client.delete(f"/api/v1/phrases/{phrase.json()['id']}/").status_code == 204
    assert not KeyPhrase.objects.exists()


def test_operator_sees_tags_only_on_own_calls(operator: Operator,
                                              other_operator: Operator) -> None:
    KeyPhraseFactory(text="верните деньги", tag__code="refund")
    own = CallFactory(operator=operator)
    foreign = CallFactory(operator=other_operator)
    for call in (own, foreign):
        SegmentFactory(call=call, index=0, speaker="customer", text="Верните деньги!")
    tagging.calls_autotag(call_ids=[own.pk, foreign.pk])
    client = api_client_for(operator.user)

    response = client.get(f"/api/v1/calls/{own.pk}/tags/")
    assert response.status_code == 200
    [item] = response.json()
    assert (item["tag"], item["source"]) == ("refund", "auto")
    assert item["evidence"][0]["text"] == "Верните деньги"
    assert item["evidence"][0]["segment"] == 0
    missing = client.get(f"/api/v1/calls/{foreign.pk}/tags/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    # Nor may an operator tag calls by hand, even their own.
    assert client.post(f"/api/v1/calls/{own.pk}/tags/", {"tag": "refund"},
                       format="json").status_code == 403


def test_manual_tags_by_role(manager_user: User, managed_operator: Operator,
                             trainer_user: User) -> None:
    tag = TagFactory(code="gratitude")
    KeyPhraseFactory(text="верните деньги", tag__code="refund")
    call = CallFactory(operator=managed_operator)
    SegmentFactory(call=call, index=0, speaker="customer", text="Верните деньги!")
    tagging.calls_autotag(call_ids=[call.pk])
    trainer = api_client_for(trainer_user)

    added = trainer.post(f"/api/v1/calls/{call.pk}/tags/", {"tag": "gratitude"}, format="json")
    assert added.status_code == 201
    assert added.json()["source"] == "manual" and added.json()["created_by"] == "trainer-user"
    again = trainer.post(f"/api/v1/calls/{call.pk}/tags/", {"tag": "gratitude"}, format="json")
    assert again.status_code == 200
    unknown = trainer.post(f"/api/v1/calls/{call.pk}/tags/", {"tag": "nope"}, format="json")
    assert unknown.status_code == 400

    # Managers read the tags of their teams' calls but tag by hand no more than on the page.
    manager = api_client_for(manager_user)
    assert manager.get(f"/api/v1/calls/{call.pk}/tags/").status_code == 200
    assert manager.post(f"/api/v1/calls/{call.pk}/tags/", {"tag": "gratitude"},
                        format="json").status_code == 403
    assert manager.delete(f"/api/v1/calls/{call.pk}/tags/gratitude/").status_code == 403

    assert trainer.delete(f"/api/v1/calls/{call.pk}/tags/gratitude/").status_code == 204
    assert trainer.delete(f"/api/v1/calls/{call.pk}/tags/gratitude/").status_code == 404
    assert list(call.call_tags.values_list("tag__code", flat=True)) == ["refund"]
    # An auto tag is removed too, logged, and stays removed after re-analysis.
    assert trainer.delete(f"/api/v1/calls/{call.pk}/tags/refund/").status_code == 204
    tagging.calls_autotag(call_ids=[call.pk])
    assert not call.call_tags.exists()
    assert list(CallTagChange.objects.filter(call=call).values_list(
        "tag__code", "action", "user__username")) == [
        ("gratitude", "added", "trainer-user"), ("gratitude", "removed", "trainer-user"),
        ("refund", "removed", "trainer-user")]
    # A trainer sees every call; the tag must exist.
    assert trainer.post(f"/api/v1/calls/{CallFactory().pk}/tags/", {"tag": tag.code},
                        format="json").status_code == 201


def test_a_phrase_in_a_rare_script_is_created(admin_user: User) -> None:
    # Issue 15 §6: U+1742D (Tangut) made pymorphy3 raise KeyError/ValueError in is_latin_char
    # through the matcher's _anchor_rank, a 500.
    TagFactory(code="refund")
    response = api_client_for(admin_user).post(
        "/api/v1/phrases/", {"tag": "refund", "text": "верните \U0001742d", "speaker": "any"},
        format="json")
    assert response.status_code == 201
    assert response.json()["text"] == "верните \U0001742d"


@given(text=st.text(min_size=1, max_size=40))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_unicode_phrase_is_created_or_refused_in_words(admin_user: User, text: str) -> None:
    if not Tag.objects.filter(code="any-text").exists():
        TagFactory(code="any-text")
    response = api_client_for(admin_user).post(
        "/api/v1/phrases/", {"tag": "any-text", "text": text, "speaker": "any"}, format="json")
    assert response.status_code in (201, 400, 409), (text, response.content)
    if response.status_code != 201:
        assert response.json()["error"]["message"]


def test_the_problem_flag_of_a_category(admin_user: User) -> None:
    client = api_client_for(admin_user)
    created = client.post("/api/v1/tag-categories/", {"name": "Благодарность",
                                                       "is_problem": False}, format="json")
    assert created.status_code == 201 and created.json()["is_problem"] is False
    pk = created.json()["id"]
    # A PATCH without the flag keeps it.
    renamed = client.patch(f"/api/v1/tag-categories/{pk}/", {"name": "Похвала"}, format="json")
    assert renamed.json()["is_problem"] is False
    flagged = client.patch(f"/api/v1/tag-categories/{pk}/", {"is_problem": True}, format="json")
    assert flagged.json()["is_problem"] is True
    assert client.post("/api/v1/tag-categories/", {"name": "X"}, format="json"
                       ).json()["is_problem"] is True

"""The taxonomy API takes JSON with JSON's types (issue 7 §4: schemathesis saw {"name": 0} create
a category «0» and a multipart body PATCH a tag as if it were empty)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from calls.models import KeyPhrase, TagCategory
from tests.factories import TagCategoryFactory, TagFactory, api_client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"name": 0}, "name", "Нужна строка."),
    ({"name": "Жалобы", "order": "5"}, "order", "Нужно целое число."),
    ({"name": "Жалобы", "order": True}, "order", "Нужно целое число."),
    ({"name": ["Жалобы"]}, "name", "Нужна строка."),
])
def test_category_fields_must_have_their_json_type(
    admin_user: User, body: dict[str, Any], field: str, message: str
) -> None:
    response = api_client_for(admin_user).post("/api/v1/tag-categories/", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {field: [message]}
    assert not TagCategory.objects.exists()


def test_phrase_fields_and_its_window_must_have_their_json_types(admin_user: User) -> None:
    TagFactory(code="refund")
    client = api_client_for(admin_user)
    base = {"tag": "refund", "text": "верните деньги", "speaker": "customer"}

    for bad in ({"text": 0}, {"max_gap": "1"}, {"is_active": "true"}, {"tag": 1},
                {"window": {"kind": "first", "seconds": "30"}}):
        response = client.post("/api/v1/phrases/", {**base, **bad}, format="json")
        assert response.status_code == 400, bad
    assert not KeyPhrase.objects.exists()
    assert client.post("/api/v1/phrases/", base, format="json").status_code == 201


def test_tag_category_is_its_numeric_id(admin_user: User) -> None:
    category = TagCategoryFactory()
    response = api_client_for(admin_user).post(
        "/api/v1/tags/", {"code": "x", "name": "X", "category": str(category.pk)}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"category": ["Нужен числовой id."]}


def test_a_body_that_is_not_json_is_a_415(admin_user: User) -> None:
    tag = TagFactory(name="Было")
    client = api_client_for(admin_user)

    form = client.patch(f"/api/v1/tags/{tag.code}/", {"name": "Стало"}, format="multipart")
    garbage = client.generic("PATCH", f"/api/v1/tags/{tag.code}/", "0.0",
                             content_type="multipart/form-data; boundary=x")

    for response in (form, garbage):
        assert response.status_code == 415
        assert response.json()["error"]["code"] == "unsupported_media_type"
    tag.refresh_from_db()
    assert tag.name == "Было"


def test_patching_a_window_needs_its_kind_and_seconds(admin_user: User) -> None:
    # issue 7 §4: a PATCH validates nested fields as partial, so {"window": {}} was taken as «no
    # window» and silently removed it.
    client = api_client_for(admin_user)
    TagFactory(code="refund")
    phrase = client.post("/api/v1/phrases/", {
        "tag": "refund", "text": "верните деньги", "speaker": "customer",
        "window": {"kind": "first", "seconds": 30}}, format="json").json()

    for window in ({}, {"kind": "last"}, {"seconds": 10}):
        response = client.patch(f"/api/v1/phrases/{phrase['id']}/", {"window": window},
                                format="json")
        assert response.status_code == 400, window
        assert set(response.json()["error"]["details"]["window"]) == (
            {"kind", "seconds"} - set(window))
    assert KeyPhrase.objects.get().window_seconds == 30
    removed = client.patch(f"/api/v1/phrases/{phrase['id']}/", {"window": None}, format="json")
    assert removed.status_code == 200 and removed.json()["window"] is None

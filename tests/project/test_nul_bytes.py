"""project/nul_bytes.py: a NUL character anywhere in a request is a Russian 400, never a 500.

SQLite stores and compares such strings, so these requests used to pass here; PostgreSQL raises
ValueError ("A string literal cannot contain NUL (0x00) characters") from psycopg on the query,
which was a 500 for the same requests.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from project.nul_bytes import nul_places
from tests.factories import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(admin_user) -> APIClient:  # type: ignore[no-untyped-def]
    return api_client_for(admin_user)


@pytest.mark.parametrize("url", [
    "/api/v1/phrases/?tag=a%00b",
    "/api/v1/calls/?operator=a%00b",
    "/api/v1/calls/?a%00b=1",
])
def test_nul_in_query_parameters_is_a_400(api: APIClient, url: str) -> None:
    response = api.get(url)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "nul_character"
    assert "нулевой символ" in error["message"]


@pytest.mark.parametrize(("url", "body"), [
    ("/api/v1/tags/", {"name": "пло\x00хо", "code": "bad", "category": 1}),
    ("/api/v1/phrases/", {"tag": "bad", "text": "жду\x00ответа"}),
    ("/api/v1/phrases/", {"tag": "bad", "items": [{"nested": "a\x00"}]}),
])
def test_nul_in_a_json_body_is_a_400(api: APIClient, url: str, body: dict[str, object]) -> None:
    response = api.post(url, body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "nul_character"


def test_nul_in_a_form_or_a_page_query_is_a_400(admin_user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)

    assert client.get("/calls/?operator=a%00b").status_code == 400
    response = client.post("/taxonomy/", {"name": "a\x00b"})
    assert response.status_code == 400
    assert "нулевой символ" in response.content.decode()


def test_ordinary_requests_pass(api: APIClient) -> None:
    assert api.get("/api/v1/phrases/?tag=ab").status_code == 200
    assert api.post("/api/v1/phrases/", "not json", content_type="application/json").status_code \
        == 400


def test_a_body_too_deep_to_check_is_left_to_the_parser(api: APIClient) -> None:
    # The check parsed the body with json.loads: 100,000 levels were a RecursionError, a 500.
    body = '{"text": "\\u0000", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.generic("POST", "/api/v1/phrases/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_nul_places_name_the_record_and_the_field() -> None:
    document = {"objections": [
        {"code": "ok", "name": "Дорого"},
        {"code": "refund", "name": "Вер\x00нуть", "responses": {"argument": ["a", "b\x00"]}},
    ], "x\x00": 1}
    assert nul_places(document) == [
        "поле «objections» → запись 2 «refund» → поле «name»",
        "поле «objections» → запись 2 «refund» → поле «responses» → поле «argument» → запись 2",
        "ключ «x\\x00»",
    ]
    assert nul_places(["\x00"] * 50) == [f"запись {n}" for n in range(1, 11)]
    assert nul_places("a\x00") == ["значение"]


def test_nul_places_walk_a_deep_document_without_recursion() -> None:
    deep: list = ["\x00"]
    for _ in range(50_000):
        deep = [deep]
    assert len(nul_places(deep)) == 1

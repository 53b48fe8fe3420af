"""project/api_parsers.py: the API's JSON parser refuses too deep, too big and broken bodies
with a Russian 400/413 in the API's error shape (issue 15 §6), never a 500."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from tests.factories import TagFactory, api_client_for

pytestmark = pytest.mark.django_db
PHRASES = "/api/v1/phrases/"


@pytest.fixture
def api(admin_user: User) -> APIClient:
    return api_client_for(admin_user)


def _post(api: APIClient, body: str | bytes, content_type: str = "application/json") -> dict:
    response = api.generic("POST", PHRASES, body, content_type=content_type)
    return {"status": response.status_code, **response.json()["error"]}


@pytest.mark.parametrize("levels", [100, 100_000])
def test_a_deeply_nested_body_is_a_russian_400(api: APIClient, levels: int) -> None:
    error = _post(api, '{"text": ' + "[" * levels + "]" * levels + "}")
    assert error["status"] == 400 and error["code"] == "parse_error"
    assert "вложен слишком глубоко" in error["message"]


def test_a_body_over_the_limit_is_a_413(api: APIClient, settings: SettingsWrapper) -> None:
    settings.API_JSON_MAX_BYTES = 2048
    tag = TagFactory()
    error = _post(api, json.dumps({"tag": tag.code, "text": "а" * 2000}, ensure_ascii=False))
    assert error["status"] == 413 and error["code"] == "request_too_large"
    assert "не более 2\u00a0048 байт" in error["message"]
    assert api.post(PHRASES, {"tag": tag.code, "text": "верните деньги", "speaker": "any"},
                    format="json").status_code == 201


def test_broken_json_says_where_in_russian(api: APIClient) -> None:
    error = _post(api, '{"text": "a",\n "tag": }')
    assert error["status"] == 400 and error["code"] == "parse_error"
    assert error["message"] == ("Тело запроса не читается как JSON: ошибка в строке 2, "
                                "символ 9.")


@pytest.mark.parametrize(("body", "content_type", "words"), [
    (b'{"text": "\xff"}', "application/json", "не в кодировке utf-8"),
    (b'{"text": "a"}', "application/json; charset=bz2_codec", "Неизвестная кодировка"),
    ('{"text": NaN}', "application/json", "NaN — не число JSON"),
])
def test_a_body_in_no_readable_encoding_or_with_nan_is_a_400(
    api: APIClient, body: bytes, content_type: str, words: str,
) -> None:
    error = _post(api, body, content_type)
    assert error["status"] == 400 and words in error["message"]

"""The schema documents every error an operation answers, with the common error body (issue 7
§4: 32 statuses such as tag_in_use, not_retryable, phrase_invalid were not in it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.factories import api_client_for

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOutput"


@pytest.fixture
def schema(admin_user: User) -> dict[str, Any]:
    response = api_client_for(admin_user).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation)
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()]


def test_every_error_status_has_the_common_body(schema: dict[str, Any]) -> None:
    # At least the calls' and taxonomy's 22 and the sidebar's 3; each app adds its own.
    assert len(_operations(schema)) >= 25
    for method, path, operation in _operations(schema):
        responses = operation["responses"]
        # A login is needed everywhere; a busy database or a NUL can meet any request.
        assert {"400", "401", "503"} <= set(responses), (method, path)
        for status, response in responses.items():
            # A 414 is written by the web server in front, in its own words: no body promised.
            if status == "414":
                assert "query_too_long" in response["description"] and "content" not in response
                continue
            if int(status) >= 400:
                body = response["content"]["application/json"]["schema"]
                assert body == {"$ref": ERROR_REF}, (method, path, status)
                assert response["description"], (method, path, status)


def test_error_body_shape(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert components["ErrorOutput"]["required"] == ["error"]
    body = components["ErrorBody"]
    assert set(body["required"]) == {"code", "message", "details"}
    assert body["properties"]["details"]["nullable"] is True


def _statuses(schema: dict[str, Any], method: str, path: str) -> set[str]:
    return set(schema["paths"][path][method.lower()]["responses"])


def test_each_operation_lists_the_statuses_it_can_answer(schema: dict[str, Any]) -> None:
    # Every read may be refused too: a user with no role gets 403 no_role (project/access.py).
    # Any address may be too long (400 query_too_long here, 414 from a server in front).
    assert _statuses(schema, "GET", "/api/v1/calls/") == {
        "200", "400", "401", "403", "404", "414", "503"}
    assert _statuses(schema, "GET", "/api/v1/calls/{id}/") == {
        "200", "400", "401", "403", "404", "414", "503"}
    assert "403" in _statuses(schema, "GET", "/api/v1/tags/")
    assert "no_role" in schema["paths"]["/api/v1/library/metrics/"]["get"]["responses"]["403"][
        "description"]
    # An upload is limited by AUDIO_MAX_BYTES (400); a JSON body by API_JSON_MAX_BYTES (413).
    assert _statuses(schema, "POST", "/api/v1/calls/") == {
        "200", "201", "400", "401", "403", "409", "414", "415", "503"}
    assert _statuses(schema, "POST", "/api/v1/calls/{id}/retry/") == {
        "202", "400", "401", "403", "404", "409", "414", "503"}
    assert "413" in _statuses(schema, "POST", "/api/v1/phrases/")
    assert "409" in _statuses(schema, "DELETE", "/api/v1/tags/{code}/")
    assert "409" in _statuses(schema, "DELETE", "/api/v1/tag-categories/{id}/")
    assert "400" in _statuses(schema, "DELETE", "/api/v1/calls/{id}/tags/{code}/")
    delete_tag = schema["paths"]["/api/v1/tags/{code}/"]["delete"]["responses"]["409"]
    assert "tag_in_use" in delete_tag["description"]
    phrase = schema["paths"]["/api/v1/phrases/"]["post"]["responses"]["400"]
    assert "phrase_invalid" in phrase["description"]


def test_calls_operator_and_line_may_be_null(schema: dict[str, Any]) -> None:
    call = schema["components"]["schemas"]["CallOutput"]["properties"]
    assert call["operator"]["nullable"] is True
    assert call["line"]["nullable"] is True


def test_text_inputs_say_a_non_space_is_needed(schema: dict[str, Any]) -> None:
    # DRF trims "  " to "" and refuses it as blank: the schema says so, as it does for slugs.
    components = schema["components"]["schemas"]
    assert components["TagCategoryInput"]["properties"]["name"]["pattern"] == r"\S"
    assert components["PhraseCreateInput"]["properties"]["text"]["pattern"] == r"\S"
    assert components["TagCreateInput"]["properties"]["code"]["pattern"] == r"^[-a-zA-Z0-9_]+$"
    # A field that may be blank has no such pattern.
    assert "pattern" not in components["TagCategoryInput"]["properties"]["description"]


def test_the_schema_generates_without_a_warning() -> None:
    # Two apps each naming a serializer PeriodOutput made drf-spectacular warn that one schema
    # component would describe the other's answers.
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_inputs_that_refuse_unknown_fields_say_so(schema: dict[str, Any]) -> None:
    # Issue 15 §6: an unknown field in a JSON input is a 400, no longer silently dropped.
    components = schema["components"]["schemas"]
    for name in ("SidebarSuggestInput", "SidebarEventInput", "PhraseCreateInput",
                 "TagCreateInput"):
        assert components[name]["additionalProperties"] is False, name
    assert "additionalProperties" not in components["CallOutput"]

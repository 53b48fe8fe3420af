"""project/api_inputs.py: JsonInput takes JSON's types and refuses fields it does not have."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from project.api_inputs import JsonInput


class _Input(JsonInput):
    text = serializers.CharField()
    limit = serializers.IntegerField(required=False)
    exact = serializers.BooleanField(required=False)


def _errors(data: Any) -> dict[str, list[str]]:
    serializer = _Input(data=data)
    assert not serializer.is_valid()
    return {name: [str(error) for error in errors] for name, errors in serializer.errors.items()}


def test_values_of_their_json_type_pass() -> None:
    serializer = _Input(data={"text": "дорого", "limit": 5, "exact": True})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"text": "дорого", "limit": 5, "exact": True}


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"text": 0}, "text", "Нужна строка."),
    ({"text": "x", "limit": "5"}, "limit", "Нужно целое число."),
    ({"text": "x", "limit": True}, "limit", "Нужно целое число."),  # true is not a number
    ({"text": "x", "exact": "true"}, "exact", "Нужно true или false."),
])
def test_a_value_of_another_json_type_is_refused(data: dict[str, Any], field: str,
                                                 message: str) -> None:
    assert _errors(data) == {field: [message]}


def test_an_unknown_field_is_refused_with_the_known_ones() -> None:
    assert _errors({"text": "x", "limt": 5}) == {
        "limt": ["Неизвестное поле; допустимы: text, limit, exact."]}


def test_the_schema_is_told_it_refuses_unknown_fields() -> None:
    assert _Input.refuses_unknown_fields is True

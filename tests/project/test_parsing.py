"""project/parsing.py: JSON and YAML from outside, refused past JSON_MAX_DEPTH, never a
RecursionError (issue 15 §6: 10,000 levels in an import, 100,000 in a sidebar suggest)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from project.parsing import DocumentTooDeep, YamlAliasRefused, json_depth, json_loads, yaml_loads


def test_json_depth_counts_arrays_and_objects_but_not_brackets_in_strings() -> None:
    assert json_depth('"[[["') == 0
    assert json_depth("5") == 0
    assert json_depth('{"a": [1, {"b": "]]]}"}]}') == 3
    assert json_depth('["\\"[", [[]]]') == 3


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=20,
))
@settings(max_examples=200)
def test_json_depth_agrees_with_the_parsed_document(document: object) -> None:
    def depth(value: object) -> int:
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        return 0

    assert json_depth(json.dumps(document)) == depth(document)


@pytest.mark.parametrize("levels", [33, 10_000, 100_000])
def test_deep_json_is_refused_in_russian(levels: int) -> None:
    with pytest.raises(DocumentTooDeep, match="больше 32 уровней"):
        json_loads("[" * levels + "]" * levels, limit=32)
    # Unclosed too: json's scanner would recurse before it found the error.
    with pytest.raises(DocumentTooDeep):
        json_loads("[" * levels, limit=32)


def test_json_within_the_limit_parses_and_a_string_of_brackets_is_not_depth() -> None:
    assert json_loads("[" * 32 + "]" * 32, limit=32) == json.loads("[" * 32 + "]" * 32)
    assert json_loads(json.dumps({"text": "[" * 10_000}), limit=2) == {"text": "[" * 10_000}
    assert json_loads(b'{"a": 1}') == {"a": 1}


def test_nan_is_not_json() -> None:
    with pytest.raises(ValueError, match="NaN"):
        json_loads('{"a": NaN}')


def test_a_broken_string_is_scanned_once() -> None:
    # A pathological body (an unterminated string of escaped quotes) costs one pass.
    with pytest.raises(ValueError):
        json_loads('["' + '\\"' * 500_000 + "[" * 100)


@pytest.mark.parametrize("text", [
    "a:\n" + "".join(f"{'  ' * level}- \n" for level in range(1, 40)),
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000 + "1" + "}" * 10_000,
])
def test_deep_yaml_is_refused(text: str) -> None:
    with pytest.raises(DocumentTooDeep):
        yaml_loads(text, limit=32)


def test_yaml_within_the_limit_parses_and_aliases_are_refused() -> None:
    assert yaml_loads("a: [1, {b: c}]\n") == {"a": [1, {"b": "c"}]}
    with pytest.raises(YamlAliasRefused, match="строка 2: ссылки YAML"):
        yaml_loads("a: &x [1, 2]\nb: *x\n")

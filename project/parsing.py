"""JSON and YAML from outside (API bodies, import files), parsed with a limit on nesting.

Python's json and PyYAML recurse once per nested array or object: a body of 100,000 «[» was a
RecursionError (a 500, or a traceback from an import command), and a document a few hundred
levels deep still crashed whatever walked it next. No document the product reads is more than
a handful of levels deep, so anything deeper than `JSON_MAX_DEPTH` is refused before it is
parsed, with a message that says so. The API's parser (project/api_parsers.py), the NUL check
(project/nul_bytes.py) and every import command read through here.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

# A JSON string (its escapes included) or, at the end of a broken document, what is left of
# one: possessive, so a pathological body is scanned once, never backtracked.
_JSON_STRING_RE = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET_RE = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class DocumentTooDeep(ValueError):
    """More nested arrays or objects than the limit; `message` says so in Russian."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.message = _(
            "Документ вложен слишком глубоко: больше %(limit)d уровней массивов и объектов "
            "(JSON_MAX_DEPTH)."
        ) % {"limit": limit}
        super().__init__(self.message)


class YamlAliasRefused(yaml.YAMLError):
    """An anchor reference (*name): refused, since a few of them nest into billions of items."""

    def __init__(self, line: int) -> None:
        self.message = _(
            "строка %(line)d: ссылки YAML (*имя) не поддерживаются; повторите данные явно."
        ) % {"line": line}
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def max_depth() -> int:
    return int(settings.JSON_MAX_DEPTH)


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (0 for a scalar), without parsing it.

    Brackets inside strings do not count; for a broken text the count may be too high, which
    only means it is refused as too deep rather than as broken."""
    brackets = _NOT_BRACKET_RE.sub("", _JSON_STRING_RE.sub("", text))
    if not brackets:
        return 0
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets))))


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's json would accept them.
    raise ValueError(_("%(name)s — не число JSON") % {"name": name})


def json_loads(text: str | bytes, *, limit: int | None = None) -> Any:
    """json.loads that refuses a document nested deeper than `limit` (JSON_MAX_DEPTH) with
    DocumentTooDeep, NaN and Infinity with ValueError, and broken JSON as json does."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode(json.detect_encoding(text))
    limit = max_depth() if limit is None else limit
    # The cheap test first: a document with fewer brackets than the limit cannot be deeper.
    if (text.count("[") + text.count("{") > limit) and json_depth(text) > limit:
        raise DocumentTooDeep(limit)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        # The limit is set above Python's recursion limit: the same refusal, not a crash.
        raise DocumentTooDeep(limit) from None


class _LimitedSafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses aliases and collections nested deeper than `limit`.

    PyYAML's parser is iterative; only its composer recurses, once per nested collection."""

    def __init__(self, stream: str, limit: int) -> None:
        super().__init__(stream)
        self.limit = limit
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise YamlAliasRefused(self.peek_event().start_mark.line + 1)
        nested = self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent)
        if nested:
            self._depth += 1
            if self._depth > self.limit:
                raise DocumentTooDeep(self.limit)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1


def yaml_loads(text: str, *, limit: int | None = None) -> Any:
    """yaml.safe_load that refuses aliases (YamlAliasRefused, a YAMLError) and collections
    nested deeper than `limit` (DocumentTooDeep)."""
    loader = _LimitedSafeLoader(text, max_depth() if limit is None else limit)
    try:
        return loader.get_single_data()
    except RecursionError:
        raise DocumentTooDeep(loader.limit) from None
    finally:
        loader.dispose()

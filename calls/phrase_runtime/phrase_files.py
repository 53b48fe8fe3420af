"""Phrases in import files (the taxonomy's, the library's, the skills'): one reader and one
checker, so a file is read and a phrase is refused the same way whatever it belongs to.

Every importer checks the whole file before it writes anything and lists every error with its
place; the checker collects those errors instead of raising at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from calls.models import PhraseSpeaker, WindowKind
from calls.phrase_runtime.validation import (
    WINDOW_MAX_SECONDS,
    PhraseInvalid,
    normalize_phrase_text,
    phrase_validate,
)
from project.errors import DomainError
from project.nul_bytes import nul_places
from project.parsing import DocumentTooDeep, json_loads, yaml_loads
from project.russian import format_count, plural

PHRASE_TEXT_MAX = 300


@dataclass(frozen=True)
class PhraseSpec:
    text: str
    speaker: str
    max_gap: int
    window_kind: str
    window_seconds: int | None


@dataclass
class ImportReport:
    """What an import did (or, with --dry-run, would do): a line per change and the counts."""

    changes: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def read_json_or_yaml(path: Path, *, invalid: type[DomainError]) -> Any:
    """Parse a file: YAML for .yaml/.yml, JSON otherwise. A file that is unreadable, bigger than
    IMPORT_MAX_BYTES, nested deeper than JSON_MAX_DEPTH or holding a NUL character (which
    PostgreSQL cannot store) raises `invalid`, saying where."""
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    limit = settings.IMPORT_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise invalid(
                _("%(path)s: файл больше допустимого: %(size)s байт, не более %(limit)s "
                  "(IMPORT_MAX_BYTES); разделите его на части.")
                % {"path": path, "size": format_count(size), "limit": format_count(limit)}
            )
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise invalid(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise invalid(
            _("%(path)s: файл не в кодировке UTF-8 (байт 0x%(byte)02x на позиции %(position)d); "
              "сохраните его в UTF-8.")
            % {"path": path, "byte": error.object[error.start], "position": error.start}
        ) from None
    try:
        data = yaml_loads(text) if is_yaml else json_loads(text)
    except DocumentTooDeep as error:
        raise invalid(f"{path}: {error.message}") from None
    except (ValueError, yaml.YAMLError) as error:
        raise invalid(
            _("%(path)s: файл не читается как %(format)s: %(error)s")
            % {"path": path, "format": "YAML" if is_yaml else "JSON", "error": error}
        ) from None
    places = nul_places(data)
    if places:
        raise invalid("\n".join([
            _("%(path)s: нулевой символ (\\x00) в данных; уберите его:") % {"path": path},
            *(f"  - {place}" for place in places),
        ]))
    return data


def check_record_count(count: int, *, forms: str, invalid: type[DomainError]) -> None:
    """Refuse a file of more than IMPORT_MAX_RECORDS records; `forms` are the record's three
    plural forms («возражение,возражения,возражений»)."""
    limit = settings.IMPORT_MAX_RECORDS
    if count > limit:
        raise invalid(
            _("В файле %(count)s, а за один импорт допустимо не более %(limit)s "
              "(IMPORT_MAX_RECORDS); разделите файл на части.")
            % {"count": plural(count, forms), "limit": format_count(limit)}
        )


class FileChecker:
    """Collects every error of a file with its place; importers add their own records."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def text(self, item: dict[str, Any], key: str, where: str, *, limit: int | None = None,
             required: bool = True) -> str:
        value = item.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, _("поле «%(key)s» должно быть непустой строкой") % {"key": key})
            return ""
        if limit is not None and len(value.strip()) > limit:
            # Listed here rather than left to the database, which would stop the import mid-way.
            self.fail(where, _("поле «%(key)s» длиннее %(limit)s (%(length)d)")
                      % {"key": key, "limit": plural(limit, "символа,символов,символов"),
                         "length": len(value.strip())})
            return ""
        return value.strip()

    def phrase(self, raw: Any, where: str, *, default_speaker: str | None = None
               ) -> PhraseSpec | None:
        """A phrase record checked by the engine's own rule; `default_speaker` None = required."""
        if not isinstance(raw, dict):
            self.fail(where, _("фраза должна быть объектом"))
            return None
        text = normalize_phrase_text(self.text(raw, "text", where, limit=PHRASE_TEXT_MAX))
        if text:
            where = f"{where} «{text}»"
        speaker = raw.get("speaker", default_speaker)
        if speaker not in PhraseSpeaker.values:
            self.fail(where, _("«speaker» должен быть customer, operator или any, а не %(value)r")
                      % {"value": speaker})
            return None
        max_gap = raw.get("max_gap", 1)
        if isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 0:
            self.fail(where, _("«max_gap» должен быть целым числом ≥ 0"))
            return None
        window_kind, window_seconds = WindowKind.NONE.value, None
        window = raw.get("window")
        if window is not None:
            if (
                not isinstance(window, dict)
                or window.get("kind") not in (WindowKind.FIRST, WindowKind.LAST)
                or isinstance(window.get("seconds"), bool)
                or not isinstance(window.get("seconds"), int | float)
                or not 0 < window["seconds"] <= WINDOW_MAX_SECONDS
            ):
                self.fail(where, _('«window» должно быть {"kind": "first"|"last", '
                                   '"seconds": число от 1 до %(limit)d}')
                          % {"limit": WINDOW_MAX_SECONDS})
                return None
            window_kind, window_seconds = window["kind"], int(window["seconds"])
        if not text:
            return None
        try:
            phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                            window_kind=window_kind, window_seconds=window_seconds)
        except PhraseInvalid as error:
            self.fail(where, error.message)
            return None
        return PhraseSpec(text, speaker, max_gap, window_kind, window_seconds)

    def phrase_list(self, raw: Any, where: str) -> tuple[PhraseSpec, ...]:
        """A record's «phrases»: each checked as `phrase()` does, a repeated one refused."""
        if not isinstance(raw, list):
            self.fail(where, _("«phrases» должно быть списком"))
            return ()
        phrases: list[PhraseSpec] = []
        seen: set[tuple[str, str]] = set()
        for index, raw_phrase in enumerate(raw, start=1):
            spec = self.phrase(raw_phrase, _("%(where)s, фраза %(n)d")
                               % {"where": where, "n": index})
            if spec is None:
                continue
            if (spec.text, spec.speaker) in seen:
                self.fail(where, _("фраза «%(text)s» (%(speaker)s) повторяется")
                          % {"text": spec.text, "speaker": spec.speaker})
                continue
            seen.add((spec.text, spec.speaker))
            phrases.append(spec)
        return tuple(phrases)

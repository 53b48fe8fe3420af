"""The objection library from a file: checked whole, then written in one transaction.

Format (docs/library.md)::

    {"themes": [{"name": ..., "description": ...?}]?,
     "objections": [{"code": ..., "theme": ..., "name": ...?, "description": ...?,
                     "status": "active"|"draft"|"retired"?,
                     "phrases": [{"text": ..., "speaker": "customer"?, "max_gap": 1?,
                                  "window": {"kind": "first"|"last", "seconds": N}?}],
                     "responses": {"acknowledge": "…" | ["…", …], "argument": …,
                                   "question": …}}]}

Idempotent by objection code: an objection in the file is created or brought in line with it
(phrases by text and speaker, blocks by kind and text); objections not in the file are left
alone. A file with any error writes nothing, and every error is listed with its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import PhraseSpeaker
from calls.phrase_runtime.phrase_files import (
    FileChecker,
    ImportReport,
    PhraseSpec,
    check_record_count,
    read_json_or_yaml,
)
from project.errors import DomainError
from project.russian import plural
from scripts_library.library import services
from scripts_library.models import Objection, ObjectionTheme, ResponseBlock

# Enough to fix a file in one go without drowning the person in a thousand lines.
MAX_REPORTED_ERRORS = 30
KINDS = tuple(ResponseBlock.Kind.values)


class LibraryFileInvalid(DomainError):
    code = "library_invalid"


@dataclass(frozen=True)
class ObjectionSpec:
    code: str
    theme: str
    name: str
    description: str
    status: str
    phrases: tuple[PhraseSpec, ...]
    # kind → the block texts in their order
    responses: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    description: str | None


@dataclass(frozen=True)
class LibrarySpec:
    themes: tuple[ThemeSpec, ...]
    objections: tuple[ObjectionSpec, ...]


# --- Reading files -------------------------------------------------------------------------------


def library_read_file(path: Path) -> Any:
    """Parse a library file: YAML for .yaml/.yml, JSON otherwise."""
    return read_json_or_yaml(path, invalid=LibraryFileInvalid)


# --- Checking ------------------------------------------------------------------------------------


class _Checker(FileChecker):
    def phrase(self, raw: Any, where: str, *,
               default_speaker: str | None = PhraseSpeaker.CUSTOMER.value) -> PhraseSpec | None:
        # A trigger is what the customer says unless the file says otherwise.
        return super().phrase(raw, where, default_speaker=default_speaker)

    def responses(self, raw: Any, where: str) -> dict[str, tuple[str, ...]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(where, _("«responses» должно быть объектом с ключами %(kinds)s")
                      % {"kinds": ", ".join(KINDS)})
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for kind, value in raw.items():
            if kind not in KINDS:
                self.fail(where, _("неизвестный вид блока %(kind)r (допустимы %(kinds)s)")
                          % {"kind": kind, "kinds": ", ".join(KINDS)})
                continue
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list):
                self.fail(f"{where}, responses.{kind}",
                          _("нужна строка или список строк"))
                continue
            texts: list[str] = []
            for index, item in enumerate(items, start=1):
                place = f"{where}, responses.{kind}[{index}]"
                if not isinstance(item, str) or not item.strip():
                    self.fail(place, _("блок должен быть непустой строкой"))
                elif len(item.strip()) > services.BLOCK_TEXT_MAX:
                    self.fail(place, _("блок длиннее %(limit)s (%(length)d)")
                              % {"limit": plural(services.BLOCK_TEXT_MAX,
                                                 "символа,символов,символов"),
                                 "length": len(item.strip())})
                elif item.strip() in texts:
                    self.fail(place, _("блок повторяется"))
                else:
                    texts.append(item.strip())
            result[kind] = tuple(texts)
        return result

    def objection(self, raw: Any, where: str) -> ObjectionSpec | None:
        if not isinstance(raw, dict):
            self.fail(where, _("возражение должно быть объектом"))
            return None
        code = raw.get("code")
        try:
            code = services.validate_code(code) if isinstance(code, str) else None
        except services.LibraryInvalid as error:
            self.fail(where, error.message)
            return None
        if code is None:
            self.fail(where, _("«code» должен быть строкой"))
            return None
        where = f"{where} «{code}»"
        unknown = set(raw) - {"code", "theme", "name", "description", "status", "phrases",
                              "responses"}
        if unknown:
            self.fail(where, _("неизвестные поля: %(fields)s") % {"fields": ", ".join(
                sorted(map(str, unknown)))})
        theme = " ".join(self.text(raw, "theme", where, limit=services.THEME_NAME_MAX).split())
        name = self.text(raw, "name", where, limit=services.OBJECTION_NAME_MAX, required=False)
        description = self.text(raw, "description", where, limit=services.DESCRIPTION_MAX,
                                required=False)
        status = raw.get("status", Objection.Status.ACTIVE.value)
        if status not in Objection.Status.values:
            self.fail(where, _("«status» должен быть %(allowed)s, а не %(value)r")
                      % {"allowed": ", ".join(Objection.Status.values), "value": status})
        raw_phrases = raw.get("phrases", [])
        phrases = self.phrase_list(raw_phrases, where)
        responses = self.responses(raw.get("responses"), where)
        return ObjectionSpec(
            code=code, theme=theme, name=" ".join((name or theme).split()),
            description=description, status=str(status), phrases=phrases,
            responses=responses,
        )


def library_parse(data: Any) -> LibrarySpec:
    """Check a whole library document; LibraryFileInvalid lists every problem with its place."""
    if not isinstance(data, dict) or not isinstance(data.get("objections"), list):
        raise LibraryFileInvalid(_('Ожидается объект {"objections": [...]}.'))
    check_record_count(len(data["objections"]), forms="возражение,возражения,возражений",
                       invalid=LibraryFileInvalid)
    if isinstance(data.get("themes"), list):
        check_record_count(len(data["themes"]), forms="тема,темы,тем",
                           invalid=LibraryFileInvalid)
    checker = _Checker()
    themes: list[ThemeSpec] = []
    raw_themes = data.get("themes", [])
    if not isinstance(raw_themes, list):
        checker.fail("themes", _("«themes» должно быть списком"))
        raw_themes = []
    for index, raw in enumerate(raw_themes, start=1):
        where = _("тема %(n)d") % {"n": index}
        if not isinstance(raw, dict):
            checker.fail(where, _("тема должна быть объектом"))
            continue
        name = " ".join(checker.text(raw, "name", where, limit=services.THEME_NAME_MAX).split())
        description = raw.get("description")
        if description is not None and not isinstance(description, str):
            checker.fail(where, _("«description» должно быть строкой"))
            description = None
        if name:
            themes.append(ThemeSpec(name, description.strip() if description else description))
    objections: list[ObjectionSpec] = []
    codes: set[str] = set()
    for index, raw in enumerate(data["objections"], start=1):
        spec = checker.objection(raw, _("возражение %(n)d") % {"n": index})
        if spec is None:
            continue
        if spec.code in codes:
            checker.fail(_("возражение %(n)d «%(code)s»") % {"n": index, "code": spec.code},
                         _("код повторяется"))
            continue
        codes.add(spec.code)
        objections.append(spec)
    if checker.errors:
        shown = checker.errors[:MAX_REPORTED_ERRORS]
        more = len(checker.errors) - len(shown)
        lines = [_("Библиотека не импортирована, ошибок: %(n)d") % {"n": len(checker.errors)}]
        lines += [f"  - {error}" for error in shown]
        if more:
            lines.append(_("  … и ещё %(n)d") % {"n": more})
        raise LibraryFileInvalid("\n".join(lines))
    return LibrarySpec(themes=tuple(themes), objections=tuple(objections))


# --- Importing -----------------------------------------------------------------------------------


def _import_phrases(objection: Objection, specs: tuple[PhraseSpec, ...],
                    report: ImportReport) -> None:
    existing = {(phrase.text, phrase.speaker): phrase for phrase in objection.phrases.all()}
    for spec in specs:
        phrase = existing.pop((spec.text, spec.speaker), None)
        fields: dict[str, Any] = {"max_gap": spec.max_gap, "window_kind": spec.window_kind,
                                  "window_seconds": spec.window_seconds, "is_active": True}
        label = f"{objection.code}: «{spec.text}» ({spec.speaker})"
        if phrase is None:
            services.phrase_add(objection=objection, text=spec.text, speaker=spec.speaker,
                                **fields)
            report.changes.append(_("фраза добавлена: %(p)s") % {"p": label})
            report.created += 1
        elif any(getattr(phrase, key) != value for key, value in fields.items()):
            services.phrase_update(phrase=phrase, text=spec.text, speaker=spec.speaker, **fields)
            report.changes.append(_("фраза изменена: %(p)s") % {"p": label})
            report.updated += 1
        else:
            report.unchanged += 1
    # The file is the source of truth for the objections it lists: phrases it lacks go.
    for phrase in existing.values():
        services.phrase_remove(phrase=phrase)
        report.changes.append(_("фраза удалена: %(p)s") % {
            "p": f"{objection.code}: «{phrase.text}» ({phrase.speaker})"})
        report.removed += 1


def _import_blocks(objection: Objection, responses: dict[str, tuple[str, ...]],
                   report: ImportReport) -> None:
    for kind, texts in responses.items():
        blocks = list(objection.blocks.filter(kind=kind).order_by("order", "id"))
        by_text = {block.text: block for block in blocks}
        for position, text in enumerate(texts):
            block = by_text.pop(text, None)
            label = f"{objection.code}/{kind}: «{text[:40]}»"
            if block is None:
                services.block_create(objection=objection, kind=kind, text=text,
                                      source=ResponseBlock.Source.IMPORT, order=position)
                report.changes.append(_("блок добавлен: %(b)s") % {"b": label})
                report.created += 1
            elif block.order != position or not block.is_active:
                block.order, block.is_active = position, True
                block.save()
                report.changes.append(_("блок изменён: %(b)s") % {"b": label})
                report.updated += 1
            else:
                report.unchanged += 1
        # Blocks of a kind the file lists but without them are retired, not deleted: their
        # sidebar events and metrics keep their meaning. A kind the file omits is left alone.
        for block in by_text.values():
            if block.is_active:
                services.block_retire(block=block)
                report.changes.append(_("блок выведен: %(b)s") % {
                    "b": f"{objection.code}/{kind}: «{block.text[:40]}»"})
                report.removed += 1


def _import_objection(spec: ObjectionSpec, theme: ObjectionTheme, report: ImportReport) -> None:
    objection = Objection.objects.filter(code=spec.code).first()
    if objection is None:
        objection = services.objection_create(code=spec.code, theme=theme, name=spec.name,
                                              description=spec.description, status=spec.status)
        report.changes.append(_("возражение добавлено: %(code)s") % {"code": spec.code})
        report.created += 1
    else:
        changed = [
            label for label, differs in (
                ("name", objection.name != spec.name),
                ("description", objection.description != spec.description),
                ("theme", objection.theme_id != theme.pk),
            ) if differs
        ]
        if changed:
            services.objection_update(objection=objection, theme=theme, name=spec.name,
                                      description=spec.description)
        if objection.status != spec.status:
            objection.status = spec.status
            objection.save()
            changed.append("status")
        if changed:
            report.changes.append(_("возражение изменено: %(code)s (%(fields)s)")
                                  % {"code": spec.code, "fields": ", ".join(changed)})
            report.updated += 1
        else:
            report.unchanged += 1
    _import_phrases(objection, spec.phrases, report)
    _import_blocks(objection, spec.responses, report)


def library_import(*, data: Any, dry_run: bool = False) -> ImportReport:
    """Bring the database in line with a library document (see the module's docstring).

    With dry_run the changes are made, reported and rolled back, so the report is exactly what
    a real import would do.
    """
    spec = library_parse(data)
    report = ImportReport()
    with transaction.atomic():
        themes: dict[str, ObjectionTheme] = {}
        for theme_spec in spec.themes:
            theme, created = services.theme_get_or_create(name=theme_spec.name)
            if created:
                report.changes.append(_("тема добавлена: %(name)s") % {"name": theme.name})
                report.created += 1
            if theme_spec.description is not None and theme.description != theme_spec.description:
                services.theme_update(theme=theme, name=theme.name,
                                      description=theme_spec.description)
                if not created:
                    report.changes.append(_("тема изменена: %(name)s") % {"name": theme.name})
                    report.updated += 1
            themes[theme.name] = theme
        for objection_spec in spec.objections:
            if objection_spec.theme not in themes:
                theme, created = services.theme_get_or_create(name=objection_spec.theme)
                themes[theme.name] = theme
                if created:
                    report.changes.append(_("тема добавлена: %(name)s") % {"name": theme.name})
                    report.created += 1
            _import_objection(objection_spec, themes[objection_spec.theme], report)
        if dry_run:
            transaction.set_rollback(True)
    return report

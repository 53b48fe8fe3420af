"""The taxonomy as a file: import (idempotent by tag code) and export, JSON or YAML.

Format (docs/taxonomy.md)::

    {"categories": [{"name": ..., "description": ...?, "problem": false?, "tags": [
        {"code": ..., "name": ..., "description": ..., "active": false?, "phrases": [
            {"text": ..., "speaker": "customer"|"operator"|"any", "max_gap": 1,
             "window": {"kind": "first"|"last", "seconds": N}?}]}]}]}

The whole file is checked before anything is written, and written in one transaction: a file
with one bad phrase changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import KeyPhrase, Tag, TagCategory, WindowKind
from calls.phrase_runtime.phrase_files import (
    FileChecker,
    ImportReport,
    PhraseSpec,
    check_record_count,
    read_json_or_yaml,
)
from calls.taxonomy.services import (
    category_create,
    phrase_create,
    phrase_delete,
    phrase_update,
    tag_create,
    tag_set_active,
    tag_update,
)
from project.errors import DomainError

_CODE_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
# Enough to fix a file in one go without drowning the person in a thousand lines.
MAX_REPORTED_ERRORS = 30


class TaxonomyFileInvalid(DomainError):
    code = "taxonomy_invalid"


@dataclass(frozen=True)
class TagSpec:
    code: str
    name: str
    description: str
    active: bool
    phrases: tuple[PhraseSpec, ...]


@dataclass(frozen=True)
class CategorySpec:
    name: str
    description: str | None
    tags: tuple[TagSpec, ...]
    # None: the file does not say, an existing category keeps its flag (a new one is a problem).
    problem: bool | None = None


# --- Reading files -------------------------------------------------------------------------------


def taxonomy_read_file(path: Path) -> Any:
    """Parse a taxonomy file: YAML for .yaml/.yml, JSON otherwise."""
    return read_json_or_yaml(path, invalid=TaxonomyFileInvalid)


# --- Checking ------------------------------------------------------------------------------------


class _Checker(FileChecker):
    def tag(self, raw: Any, where: str) -> TagSpec | None:
        if not isinstance(raw, dict):
            self.fail(where, _("тег должен быть объектом"))
            return None
        code = raw.get("code")
        if not isinstance(code, str) or not _CODE_RE.match(code):
            self.fail(where, _("«code» должен состоять из латинских букв, цифр, «-» и «_»: %(v)r")
                      % {"v": code})
            return None
        where = _("тег «%(code)s»") % {"code": code}
        name = self.text(raw, "name", where, limit=200)
        description = self.text(raw, "description", where, required=False)
        active = raw.get("active", True)
        if not isinstance(active, bool):
            self.fail(where, _("«active» должно быть true или false"))
        raw_phrases = raw.get("phrases", [])
        phrases = self.phrase_list(raw_phrases, where)
        return TagSpec(code, name, description, bool(active), phrases)


def taxonomy_parse(data: Any) -> list[CategorySpec]:
    """Check a whole taxonomy document; TaxonomyFileInvalid lists every problem found."""
    checker = _Checker()
    categories: list[CategorySpec] = []
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise TaxonomyFileInvalid(_('Ожидается объект {"categories": [...]}.'))
    check_record_count(len(data["categories"]), forms="категория,категории,категорий",
                       invalid=TaxonomyFileInvalid)
    check_record_count(
        sum(len(raw["tags"]) for raw in data["categories"]
            if isinstance(raw, dict) and isinstance(raw.get("tags"), list)),
        forms="тег,тега,тегов", invalid=TaxonomyFileInvalid,
    )
    codes: set[str] = set()
    names: set[str] = set()
    for index, raw in enumerate(data["categories"], start=1):
        where = _("категория %(n)d") % {"n": index}
        if not isinstance(raw, dict):
            checker.fail(where, _("категория должна быть объектом"))
            continue
        name = checker.text(raw, "name", where, limit=200)
        if name in names:
            checker.fail(where, _("категория «%(name)s» повторяется") % {"name": name})
        names.add(name)
        description = raw.get("description")
        if description is not None and not isinstance(description, str):
            checker.fail(where, _("«description» должно быть строкой"))
            description = None
        problem = raw.get("problem")
        if problem is not None and not isinstance(problem, bool):
            checker.fail(where, _("«problem» должно быть true или false"))
            problem = None
        raw_tags = raw.get("tags", [])
        if not isinstance(raw_tags, list):
            checker.fail(where, _("«tags» должно быть списком"))
            raw_tags = []
        tags = []
        for tag_index, raw_tag in enumerate(raw_tags, start=1):
            spec = checker.tag(raw_tag, f"{where} «{name}», " + _("тег %(n)d") % {"n": tag_index})
            if spec is None:
                continue
            if spec.code in codes:
                checker.fail(_("тег «%(code)s»") % {"code": spec.code}, _("код повторяется"))
                continue
            codes.add(spec.code)
            tags.append(spec)
        categories.append(CategorySpec(name, description, tuple(tags), problem))
    if checker.errors:
        shown = checker.errors[:MAX_REPORTED_ERRORS]
        more = len(checker.errors) - len(shown)
        lines = [_("Таксономия не импортирована, ошибок: %(n)d") % {"n": len(checker.errors)}]
        lines += [f"  - {error}" for error in shown]
        if more:
            lines.append(_("  … и ещё %(n)d") % {"n": more})
        raise TaxonomyFileInvalid("\n".join(lines))
    return categories


# --- Importing -----------------------------------------------------------------------------------


def _import_phrases(tag: Tag, specs: tuple[PhraseSpec, ...], report: ImportReport) -> None:
    existing = {(phrase.text, phrase.speaker): phrase for phrase in tag.phrases.all()}
    for spec in specs:
        phrase = existing.pop((spec.text, spec.speaker), None)
        fields = {"max_gap": spec.max_gap, "window_kind": spec.window_kind,
                  "window_seconds": spec.window_seconds, "is_active": True}
        label = f"{tag.code}: «{spec.text}» ({spec.speaker})"
        if phrase is None:
            phrase_create(tag=tag, text=spec.text, speaker=spec.speaker, **fields)  # type: ignore[arg-type]
            report.changes.append(_("фраза добавлена: %(p)s") % {"p": label})
            report.created += 1
        elif any(getattr(phrase, key) != value for key, value in fields.items()):
            phrase_update(phrase=phrase, text=spec.text, speaker=spec.speaker, **fields)  # type: ignore[arg-type]
            report.changes.append(_("фраза изменена: %(p)s") % {"p": label})
            report.updated += 1
        else:
            report.unchanged += 1
    # The file is the source of truth for the tags it lists: phrases it no longer has go.
    for phrase in existing.values():
        phrase_delete(phrase=phrase)
        report.changes.append(_("фраза удалена: %(p)s") % {
            "p": f"{tag.code}: «{phrase.text}» ({phrase.speaker})"})
        report.removed += 1


def _import_tag(spec: TagSpec, category: TagCategory, report: ImportReport) -> None:
    tag = Tag.objects.filter(code=spec.code).select_related("category").first()
    if tag is None:
        tag = tag_create(code=spec.code, name=spec.name, description=spec.description,
                         category=category, is_active=spec.active)
        report.changes.append(_("тег добавлен: %(code)s") % {"code": spec.code})
        report.created += 1
    else:
        changed = [
            label for label, differs in (
                ("name", tag.name != spec.name),
                ("description", tag.description != spec.description),
                ("category", tag.category_id != category.pk),
            ) if differs
        ]
        if changed:
            tag_update(tag=tag, name=spec.name, description=spec.description, category=category)
        if tag.is_active != spec.active:
            tag_set_active(tag=tag, active=spec.active)
            changed.append("active")
        if changed:
            report.changes.append(_("тег изменён: %(code)s (%(fields)s)")
                                  % {"code": spec.code, "fields": ", ".join(changed)})
            report.updated += 1
        else:
            report.unchanged += 1
    _import_phrases(tag, spec.phrases, report)


def taxonomy_import(*, data: Any, dry_run: bool = False) -> ImportReport:
    """Bring the database in line with a taxonomy document.

    Tags are matched by code (created or updated; tags not in the file are left alone),
    categories by name, phrases by (text, speaker) within their tag. With dry_run the changes
    are made, reported and rolled back.
    """
    categories = taxonomy_parse(data)
    report = ImportReport()
    with transaction.atomic():
        next_order = (TagCategory.objects.order_by("-order").values_list("order", flat=True)
                      .first() or 0) + 1
        for spec in categories:
            category = TagCategory.objects.filter(name=spec.name).first()
            if category is None:
                category = category_create(name=spec.name, description=spec.description or "",
                                           order=next_order,
                                           is_problem=spec.problem is not False)
                next_order += 1
                report.changes.append(_("категория добавлена: %(name)s") % {"name": spec.name})
                report.created += 1
            else:
                changed = []
                if spec.description is not None and category.description != spec.description:
                    category.description = spec.description
                    changed.append("description")
                if spec.problem is not None and category.is_problem != spec.problem:
                    category.is_problem = spec.problem
                    changed.append("is_problem")
                if changed:
                    category.save(update_fields=changed)
                    report.changes.append(_("категория изменена: %(name)s") % {"name": spec.name})
                    report.updated += 1
            for tag_spec in spec.tags:
                _import_tag(tag_spec, category, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


# --- Exporting -----------------------------------------------------------------------------------


def _phrase_data(phrase: KeyPhrase) -> dict[str, Any]:
    data: dict[str, Any] = {"text": phrase.text, "speaker": phrase.speaker,
                            "max_gap": phrase.max_gap}
    if phrase.window_kind != WindowKind.NONE:
        data["window"] = {"kind": phrase.window_kind, "seconds": phrase.window_seconds}
    return data


def taxonomy_export() -> dict[str, Any]:
    """The whole taxonomy in the import format (inactive phrases are left out: the format has
    no place for them, and re-importing the export must not revive them)."""
    categories = []
    for category in TagCategory.objects.prefetch_related("tags__phrases").order_by("order", "name"):
        tags = []
        for tag in sorted(category.tags.all(), key=lambda tag: tag.code):
            data: dict[str, Any] = {"code": tag.code, "name": tag.name,
                                    "description": tag.description}
            if not tag.is_active:
                data["active"] = False
            data["phrases"] = [
                _phrase_data(phrase)
                for phrase in sorted(tag.phrases.all(), key=lambda phrase: phrase.pk)
                if phrase.is_active
            ]
            tags.append(data)
        entry: dict[str, Any] = {"name": category.name}
        if category.description:
            entry["description"] = category.description
        if not category.is_problem:
            entry["problem"] = False
        entry["tags"] = tags
        categories.append(entry)
    return {"categories": categories}


def taxonomy_dump(data: dict[str, Any], *, format: str) -> str:
    if format == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""The versions of an objection, a trigger phrase or a block as the editor shows them.

django-simple-history keeps a full copy of the row per change with who and when; here each
version is compared with the one before it, field by field, in words a trainer reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Stamps that change on every save say nothing a trainer needs to compare.
_SKIPPED = {"id", "created_at", "updated_at"}

_TYPES = {"+": gettext_lazy("создано"), "~": gettext_lazy("изменено"),
          "-": gettext_lazy("удалено")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Version:
    history_id: int
    date: datetime
    user: Any
    action: str
    changes: tuple[FieldChange, ...]
    reason: str
    is_current: bool


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in _SKIPPED]


def _shown(field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.BooleanField):
        return _("да") if value else _("нет")
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def versions_of(instance: models.Model) -> list[Version]:
    """Every version of `instance`, newest first, each with what changed against the one before."""
    model = type(instance)
    fields = {field.attname: field for field in _tracked_fields(model)}
    records = list(
        instance.history.select_related("history_user")  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
    )
    versions = []
    for position, record in enumerate(records):
        previous = records[position + 1] if position + 1 < len(records) else None
        changes: list[FieldChange] = []
        for attname, field in fields.items():
            new = getattr(record, attname)
            old = getattr(previous, attname) if previous is not None else None
            if previous is not None and old == new:
                continue
            if previous is None and new in (None, ""):
                continue
            changes.append(FieldChange(label=str(field.verbose_name).capitalize(),
                                       old=_shown(field, old) if previous is not None else "",
                                       new=_shown(field, new)))
        versions.append(Version(
            history_id=record.history_id, date=record.history_date, user=record.history_user,
            action=str(_TYPES.get(record.history_type, record.history_type)),
            changes=tuple(changes), reason=record.history_change_reason or "",
            is_current=position == 0,
        ))
    return versions

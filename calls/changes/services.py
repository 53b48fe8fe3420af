"""Registering a change whose effect on the calls is then measured (calls/changes/)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from calls.models import DEFAULT_WINDOW_DAYS, Change, Line, Tag


@transaction.atomic
def change_register(
    *,
    title: str,
    changed_on: date,
    by: User | None,
    description: str = "",
    lines: Iterable[Line] = (),
    tags: Iterable[Tag] = (),
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Change:
    """A change dated `changed_on`, to be compared before and after over its lines and tags
    (none: every line; the standard figures whatever the tags)."""
    change = Change.objects.create(
        title=title.strip(),
        description=description.strip(),
        changed_on=changed_on,
        window_days=window_days,
        created_by=by,
    )
    change.lines.set(list(lines))
    change.tags.set(list(tags))
    return change

"""Writes to the taxonomy and to the manual tags of calls; pages, the API and imports share them.

Every write goes through `save()` (never `QuerySet.update()`), so `updated_at` moves and the
compiled matcher notices the change (see calls/phrase_runtime/phrase_sets.py: the stamp).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    Call,
    CallTag,
    CallTagChange,
    KeyPhrase,
    Tag,
    TagCategory,
    WindowKind,
)
from calls.phrase_runtime.validation import phrase_validate
from project.errors import DomainError


class TaxonomyConflict(DomainError):
    code = "conflict"
    conflict = True


class TagInUse(DomainError):
    code = "tag_in_use"
    conflict = True


# --- Phrases -------------------------------------------------------------------------------------
# Checked by the engine as every phrase kind's are (calls/phrase_runtime/validation.py).


def _check_phrase_unique(*, tag: Tag, text: str, speaker: str, exclude: int | None = None) -> None:
    others = KeyPhrase.objects.filter(tag=tag, text=text, speaker=speaker)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise TaxonomyConflict(
            _("У тега «%(tag)s» уже есть фраза «%(text)s» для этого говорящего.")
            % {"tag": tag.name, "text": text}
        )


@transaction.atomic
def phrase_create(
    *, tag: Tag, text: str, speaker: str, max_gap: int = 1,
    window_kind: str = WindowKind.NONE, window_seconds: int | None = None,
    is_active: bool = True,
) -> KeyPhrase:
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_phrase_unique(tag=tag, text=rule.text, speaker=speaker)
    phrase = KeyPhrase(
        tag=tag, text=rule.text, speaker=speaker, max_gap=max_gap, window_kind=window_kind,
        window_seconds=window_seconds if window_kind != WindowKind.NONE else None,
        is_active=is_active,
    )
    phrase.save()
    return phrase


@transaction.atomic
def phrase_update(
    *, phrase: KeyPhrase, text: str, speaker: str, max_gap: int,
    window_kind: str = WindowKind.NONE, window_seconds: int | None = None,
    is_active: bool = True,
) -> KeyPhrase:
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_phrase_unique(tag=phrase.tag, text=rule.text, speaker=speaker, exclude=phrase.pk)
    phrase.text = rule.text
    phrase.speaker = speaker
    phrase.max_gap = max_gap
    phrase.window_kind = window_kind
    phrase.window_seconds = window_seconds if window_kind != WindowKind.NONE else None
    phrase.is_active = is_active
    phrase.save()
    return phrase


def phrase_delete(*, phrase: KeyPhrase) -> None:
    # Evidence keeps its matched text; its phrase link becomes empty (SET_NULL). The tag is
    # touched so "tagged before the latest edit" (the stale-archive warning) sees a deletion.
    with transaction.atomic():
        phrase.delete()
        Tag.objects.filter(pk=phrase.tag_id).update(updated_at=timezone.now())


# --- Categories ----------------------------------------------------------------------------------


def _check_category_name(name: str, exclude: int | None = None) -> None:
    others = TagCategory.objects.filter(name=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise TaxonomyConflict(_("Категория «%(name)s» уже есть.") % {"name": name})


def category_create(
    *, name: str, description: str = "", order: int = 0, is_problem: bool = True
) -> TagCategory:
    name = name.strip()
    _check_category_name(name)
    category = TagCategory(name=name, description=description, order=order,
                           is_problem=is_problem)
    category.save()
    return category


def category_update(
    *, category: TagCategory, name: str, description: str, order: int,
    is_problem: bool | None = None,
) -> TagCategory:
    """is_problem None leaves the flag as it is."""
    name = name.strip()
    _check_category_name(name, exclude=category.pk)
    category.name, category.description, category.order = name, description, order
    if is_problem is not None:
        category.is_problem = is_problem
    category.save()
    return category


def category_delete(*, category: TagCategory) -> None:
    if category.tags.exists():
        raise TagInUse(_("В категории есть теги: сначала перенесите или удалите их."))
    category.delete()


# --- Tags ----------------------------------------------------------------------------------------


def tag_create(
    *, code: str, name: str, category: TagCategory, description: str = "", is_active: bool = True
) -> Tag:
    if Tag.objects.filter(code=code).exists():
        raise TaxonomyConflict(_("Тег с кодом «%(code)s» уже есть.") % {"code": code})
    today = timezone.localdate()
    tag = Tag(
        code=code, name=name.strip(), description=description, category=category,
        is_active=is_active, activated_on=today if is_active else None,
        retired_on=None if is_active else today,
    )
    tag.save()
    return tag


def tag_update(
    *, tag: Tag, name: str, description: str, category: TagCategory,
    is_active: bool | None = None,
) -> Tag:
    """Code never changes: exports and the API refer to tags by it."""
    tag.name, tag.description, tag.category = name.strip(), description, category
    if is_active is not None and is_active != tag.is_active:
        _apply_active(tag, is_active)
    tag.save()
    return tag


def _apply_active(tag: Tag, active: bool) -> None:
    today = timezone.localdate()
    tag.is_active = active
    if active:
        tag.activated_on, tag.retired_on = today, None
    else:
        tag.retired_on = today


def tag_set_active(*, tag: Tag, active: bool) -> Tag:
    """Retire (active=False) or bring back a tag. Its past call tags stay until re-analysis."""
    if tag.is_active != active:
        _apply_active(tag, active)
        tag.save(update_fields=["is_active", "activated_on", "retired_on", "updated_at"])
    return tag


def tag_delete(*, tag: Tag) -> None:
    if tag.call_tags.exists():
        raise TagInUse(
            _("Тег «%(name)s» уже стоит на звонках: выведите его из работы вместо удаления.")
            % {"name": tag.name}
        )
    tag.delete()


# --- Manual tags on calls ------------------------------------------------------------------------


@transaction.atomic
def call_tag_add(*, call: Call, tag: Tag, user: User | None) -> tuple[CallTag, bool]:
    """A person tags a call. Adding the same manual tag again is a no-op (created=False).

    The change is logged (who, when); it also lifts an earlier removal, so the phrases may find
    the tag in this call again on the next analysis.
    """
    if not tag.is_active:
        raise TaxonomyConflict(_("Тег «%(name)s» выведен из работы.") % {"name": tag.name})
    now = timezone.now()
    call_tag, created = CallTag.objects.get_or_create(
        call=call, tag=tag, source=CallTag.Source.MANUAL,
        defaults={"created_by": user, "created_at": now},
    )
    if created:
        CallTagChange.objects.create(call=call, tag=tag, action=CallTagChange.Action.ADDED,
                                     user=user, at=now)
    return call_tag, created


@transaction.atomic
def call_tag_remove(*, call: Call, tag: Tag, user: User | None) -> bool:
    """A person removes a tag from a call, whether a person or the phrases put it there. False
    when the call has no such tag at all.

    The removal is logged, and the tags analyser does not put the tag back on re-analysis
    (calls/taxonomy/tagging.py) until a person adds it again: the phrases may be right for most
    calls and wrong for this one.
    """
    deleted, _counts = CallTag.objects.filter(call=call, tag=tag).delete()
    if not deleted:
        return False
    CallTagChange.objects.create(call=call, tag=tag, action=CallTagChange.Action.REMOVED,
                                 user=user, at=timezone.now())
    return True

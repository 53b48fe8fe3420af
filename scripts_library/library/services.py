"""Writes to the objection library; the editor pages, the API, the importer and the monthly
review share them.

Every write goes through `save()` (never `QuerySet.update()`), so `updated_at` moves — the
compiled trigger phrases notice the change (the staleness stamp of OBJECTION_PHRASES in
scripts_library/objections/analysis.py) — and django-simple-history keeps the version with who
made it. `user` is recorded as the author of the version; pages may omit it, since
HistoryRequestMiddleware already knows the request's user.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, PhraseSpeaker, WindowKind
from calls.phrase_runtime.validation import PhraseInvalid, phrase_validate
from project.errors import DomainError
from project.russian import plural
from scripts_library.models import (
    ExemplarDialog,
    Objection,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
)

__all__ = [
    "LibraryConflict",
    "LibraryInvalid",
    "PhraseInvalid",
    "VersionNotFound",
]

# Who made a change: pages pass request.user, which may be anonymous in tests and commands.
Actor = User | AnonymousUser

# Limits people can read the reason for; the model's own limits where it has them.
THEME_NAME_MAX = 200
OBJECTION_NAME_MAX = 200
CODE_MAX = 100
DESCRIPTION_MAX = 2000
# A block is said aloud in a live call: a paragraph, not a page.
BLOCK_TEXT_MAX = 1000
NOTE_MAX = 2000
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class LibraryInvalid(DomainError):
    code = "library_invalid"


class LibraryConflict(DomainError):
    code = "conflict"
    conflict = True


class VersionNotFound(DomainError):
    code = "version_not_found"


def _with_author(instance: Model, user: Actor | None, reason: str | None = None) -> None:
    # simple-history reads these private attributes when the save writes the version.
    if user is not None and user.is_authenticated:
        instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]


def _required_text(value: str, *, field: str, limit: int, one_line: bool = True) -> str:
    # Names are one line; a block's text keeps the line breaks its author typed.
    value = " ".join(value.split()) if one_line else value.strip()
    if not value:
        raise LibraryInvalid(_("Поле «%(field)s» не может быть пустым.") % {"field": field})
    if len(value) > limit:
        raise LibraryInvalid(
            _("Поле «%(field)s» длиннее %(limit)s.")
            % {"field": field, "limit": plural(limit, "символа,символов,символов")}
        )
    return value


def _optional_text(value: str, *, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise LibraryInvalid(
            _("Поле «%(field)s» длиннее %(limit)s.")
            % {"field": field, "limit": plural(limit, "символа,символов,символов")}
        )
    return value


# --- Themes --------------------------------------------------------------------------------------


def _check_theme_name(name: str, exclude: int | None = None) -> None:
    others = ObjectionTheme.objects.filter(name=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise LibraryConflict(_("Тема «%(name)s» уже есть.") % {"name": name})


def theme_create(*, name: str, description: str = "", order: int = 0) -> ObjectionTheme:
    name = _required_text(name, field=_("тема"), limit=THEME_NAME_MAX)
    description = _optional_text(description, field=_("описание"), limit=DESCRIPTION_MAX)
    _check_theme_name(name)
    theme = ObjectionTheme(name=name, description=description, order=order)
    theme.save()
    return theme


def theme_update(
    *, theme: ObjectionTheme, name: str, description: str | None = None, order: int | None = None
) -> ObjectionTheme:
    """Rename a theme (and change its description or place); its objections follow it."""
    name = _required_text(name, field=_("тема"), limit=THEME_NAME_MAX)
    _check_theme_name(name, exclude=theme.pk)
    theme.name = name
    if description is not None:
        theme.description = _optional_text(description, field=_("описание"),
                                           limit=DESCRIPTION_MAX)
    if order is not None:
        theme.order = order
    theme.save()
    return theme


@transaction.atomic
def theme_delete(*, theme: ObjectionTheme, move_to: ObjectionTheme | None = None,
                 user: Actor | None = None) -> int:
    """Delete a theme. Its objections (drafts and retired ones too: an objection always has a
    theme) move to `move_to` first, each as a new version of the objection that says why;
    returns how many moved. Refused, with the reason, when it has objections and nowhere to put
    them."""
    objections = list(Objection.objects.select_for_update().filter(theme=theme))
    if objections:
        count = plural(len(objections), "возражение,возражения,возражений")
        if move_to is None:
            if not ObjectionTheme.objects.exclude(pk=theme.pk).exists():
                raise LibraryInvalid(
                    _("В теме «%(name)s» %(count)s, а другой темы нет: создайте тему, куда их "
                      "перенести, и удалите эту снова.") % {"name": theme.name, "count": count})
            raise LibraryInvalid(
                _("В теме «%(name)s» %(count)s: выберите тему, куда их перенести.")
                % {"name": theme.name, "count": count})
        if move_to.pk == theme.pk:
            raise LibraryInvalid(_("Возражения нельзя перенести в удаляемую тему: выберите "
                                   "другую."))
        reason = _("тема «%(old)s» удалена, перенесено в «%(new)s»") % {
            "old": theme.name, "new": move_to.name}
        for objection in objections:
            objection.theme = move_to
            _with_author(objection, user, reason)
            objection.save()
    theme.delete()
    return len(objections)


def theme_get_or_create(*, name: str) -> tuple[ObjectionTheme, bool]:
    """The theme of this name, created when new (the importer names themes by name)."""
    name = _required_text(name, field=_("тема"), limit=THEME_NAME_MAX)
    existing = ObjectionTheme.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    order = (ObjectionTheme.objects.aggregate(top=Max("order"))["top"] or 0) + 1
    return theme_create(name=name, order=order), True


# --- Objections ----------------------------------------------------------------------------------


def validate_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise LibraryInvalid(_("Код возражения не может быть пустым."))
    if len(code) > CODE_MAX:
        raise LibraryInvalid(_("Код возражения длиннее %(limit)s.")
                             % {"limit": plural(CODE_MAX, "символа,символов,символов")})
    if not CODE_PATTERN.match(code):
        raise LibraryInvalid(
            _("Код «%(code)s»: только строчные латинские буквы, цифры, «-» и «_».")
            % {"code": code}
        )
    return code


def objection_create(
    *, code: str, theme: ObjectionTheme, name: str, description: str = "",
    status: str = Objection.Status.ACTIVE, user: Actor | None = None,
) -> Objection:
    code = validate_code(code)
    if status not in Objection.Status.values:
        raise LibraryInvalid(_("Неизвестное состояние %(status)r.") % {"status": status})
    if Objection.objects.filter(code=code).exists():
        raise LibraryConflict(_("Возражение с кодом «%(code)s» уже есть.") % {"code": code})
    objection = Objection(
        code=code, theme=theme,
        name=_required_text(name, field=_("название"), limit=OBJECTION_NAME_MAX),
        description=_optional_text(description, field=_("описание"), limit=DESCRIPTION_MAX),
        status=status,
    )
    _with_author(objection, user)
    objection.save()
    return objection


def objection_update(
    *, objection: Objection, theme: ObjectionTheme, name: str, description: str,
    user: Actor | None = None,
) -> Objection:
    """Code never changes: imports, exports, the sidebar API and CRMs name objections by it."""
    objection.theme = theme
    objection.name = _required_text(name, field=_("название"), limit=OBJECTION_NAME_MAX)
    objection.description = _optional_text(description, field=_("описание"),
                                           limit=DESCRIPTION_MAX)
    _with_author(objection, user)
    objection.save()
    return objection


def _objection_set_status(objection: Objection, status: str, user: Actor | None) -> Objection:
    if objection.status != status:
        objection.status = status
        _with_author(objection, user)
        objection.save()
    return objection


def objection_retire(*, objection: Objection, user: Actor | None = None) -> Objection:
    """Found in no new call from now on; its past hits stay until the calls are re-analysed."""
    return _objection_set_status(objection, Objection.Status.RETIRED, user)


def objection_activate(*, objection: Objection, user: Actor | None = None) -> Objection:
    """Bring a draft (from the monthly review) or a retired objection into work."""
    return _objection_set_status(objection, Objection.Status.ACTIVE, user)


# --- Trigger phrases -----------------------------------------------------------------------------


def _check_speaker(speaker: str) -> None:
    if speaker not in PhraseSpeaker.values:
        raise PhraseInvalid(
            _("Неизвестный говорящий %(speaker)r: допустимы %(allowed)s.")
            % {"speaker": speaker, "allowed": ", ".join(PhraseSpeaker.values)}
        )


def _check_phrase_unique(
    *, objection: Objection, text: str, speaker: str, exclude: int | None = None
) -> None:
    others = ObjectionPhrase.objects.filter(objection=objection, text=text, speaker=speaker)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise LibraryConflict(
            _("У возражения «%(objection)s» уже есть фраза «%(text)s» для этого говорящего.")
            % {"objection": objection.name, "text": text}
        )


def _touch(objection: Objection) -> None:
    # A deleted phrase leaves no updated_at behind; the owner's moves instead. Not a new version
    # of the objection (QuerySet.update writes no history): its own fields did not change.
    Objection.objects.filter(pk=objection.pk).update(updated_at=timezone.now())


@transaction.atomic
def phrase_add(
    *, objection: Objection, text: str, speaker: str = PhraseSpeaker.CUSTOMER, max_gap: int = 1,
    window_kind: str = WindowKind.NONE, window_seconds: int | None = None,
    is_active: bool = True, user: Actor | None = None,
) -> ObjectionPhrase:
    _check_speaker(speaker)
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_phrase_unique(objection=objection, text=rule.text, speaker=speaker)
    phrase = ObjectionPhrase(
        objection=objection, text=rule.text, speaker=speaker, max_gap=max_gap,
        window_kind=window_kind,
        window_seconds=window_seconds if window_kind != WindowKind.NONE else None,
        is_active=is_active,
    )
    _with_author(phrase, user)
    phrase.save()
    return phrase


@transaction.atomic
def phrase_update(
    *, phrase: ObjectionPhrase, text: str, speaker: str, max_gap: int,
    window_kind: str = WindowKind.NONE, window_seconds: int | None = None,
    is_active: bool = True, user: Actor | None = None, reason: str | None = None,
) -> ObjectionPhrase:
    _check_speaker(speaker)
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_phrase_unique(objection=phrase.objection, text=rule.text, speaker=speaker,
                         exclude=phrase.pk)
    phrase.text = rule.text
    phrase.speaker = speaker
    phrase.max_gap = max_gap
    phrase.window_kind = window_kind
    phrase.window_seconds = window_seconds if window_kind != WindowKind.NONE else None
    phrase.is_active = is_active
    _with_author(phrase, user, reason)
    phrase.save()
    return phrase


def phrase_remove(*, phrase: ObjectionPhrase, user: Actor | None = None) -> None:
    """Hits keep their matched text; their phrase link becomes empty (SET_NULL)."""
    with transaction.atomic():
        _with_author(phrase, user)
        phrase.delete()
        _touch(phrase.objection)


# --- Response blocks -----------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in ResponseBlock.Kind.values:
        raise LibraryInvalid(
            _("Неизвестный вид блока %(kind)r: допустимы %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(ResponseBlock.Kind.values)}
        )


def block_create(
    *, objection: Objection, kind: str, text: str, author: Actor | None = None,
    source: str = ResponseBlock.Source.EDITOR, order: int | None = None, is_active: bool = True,
) -> ResponseBlock:
    """A new block goes last among the objection's blocks of its kind unless `order` is given."""
    _check_kind(kind)
    if source not in ResponseBlock.Source.values:
        raise LibraryInvalid(_("Неизвестный источник %(source)r.") % {"source": source})
    text = _required_text(text, field=_("текст"), limit=BLOCK_TEXT_MAX, one_line=False)
    if order is None:
        top = ResponseBlock.objects.filter(objection=objection, kind=kind).aggregate(
            top=Max("order"))["top"]
        order = 0 if top is None else top + 1
    block = ResponseBlock(
        objection=objection, kind=kind, text=text, source=source, order=order,
        is_active=is_active,
        author=author if isinstance(author, User) else None,
    )
    _with_author(block, author)
    block.save()
    return block


def block_update(
    *, block: ResponseBlock, text: str, kind: str | None = None, user: Actor | None = None
) -> ResponseBlock:
    if kind is not None:
        _check_kind(kind)
        block.kind = kind
    block.text = _required_text(text, field=_("текст"), limit=BLOCK_TEXT_MAX, one_line=False)
    _with_author(block, user)
    block.save()
    return block


def block_retire(*, block: ResponseBlock, user: Actor | None = None) -> ResponseBlock:
    """Blocks are retired, never deleted: the sidebar events and metrics keep their meaning."""
    if block.is_active:
        block.is_active = False
        _with_author(block, user)
        block.save()
    return block


def block_activate(*, block: ResponseBlock, user: Actor | None = None) -> ResponseBlock:
    if not block.is_active:
        block.is_active = True
        _with_author(block, user)
        block.save()
    return block


@transaction.atomic
def block_reorder(
    *, objection: Objection, kind: str, block_ids: Sequence[int], user: Actor | None = None
) -> list[ResponseBlock]:
    """Put the objection's blocks of one kind in this order; every block of the kind, once."""
    _check_kind(kind)
    blocks = {b.pk: b for b in ResponseBlock.objects.filter(objection=objection, kind=kind)}
    if len(set(block_ids)) != len(block_ids) or set(block_ids) != set(blocks):
        raise LibraryInvalid(
            _("Для нового порядка нужны все блоки этого вида у возражения, каждый один раз.")
        )
    ordered = []
    for position, block_id in enumerate(block_ids):
        block = blocks[block_id]
        if block.order != position:
            block.order = position
            _with_author(block, user)
            block.save()
        ordered.append(block)
    return ordered


# --- Exemplar dialogs ----------------------------------------------------------------------------


@transaction.atomic
def exemplar_create(
    *, call: Call, start: float, end: float, note: str = "",
    objections: Sequence[Objection] = (), user: Actor | None = None,
) -> ExemplarDialog:
    if start < 0 or end <= start:
        raise LibraryInvalid(_("Конец фрагмента должен быть позже начала, начало — не меньше 0."))
    # A call not transcribed yet has no duration (0): the range is taken as given.
    duration = call.duration or None
    if duration is not None and start >= duration:
        raise LibraryInvalid(
            _("Фрагмент начинается после конца звонка (%(duration).0f с).")
            % {"duration": duration}
        )
    exemplar = ExemplarDialog(
        call=call, start=start, end=end if duration is None else min(end, duration),
        note=_optional_text(note, field=_("заметка"), limit=NOTE_MAX),
        created_by=user if isinstance(user, User) else None,
    )
    exemplar.save()
    exemplar.objections.set(objections)
    return exemplar


def exemplar_delete(*, exemplar: ExemplarDialog) -> None:
    exemplar.delete()


# --- Restoring a version -------------------------------------------------------------------------


def objection_restore(
    *, objection: Objection, history_id: int, user: Actor | None = None
) -> Objection:
    """Bring back a past version's name, description, theme and state as a new version."""
    version = objection.history.filter(history_id=history_id).first()
    if version is None:
        raise VersionNotFound(_("У возражения нет такой версии."))
    if not ObjectionTheme.objects.filter(pk=version.theme_id).exists():
        raise LibraryConflict(_("Тема этой версии удалена: выберите тему и сохраните вручную."))
    objection.theme_id = version.theme_id
    objection.name = version.name
    objection.description = version.description
    objection.status = version.status
    _with_author(objection, user, _("восстановлена версия от %(at)s") % {
        "at": timezone.localtime(version.history_date).strftime("%d.%m.%Y %H:%M")})
    objection.save()
    return objection


def phrase_restore(
    *, phrase: ObjectionPhrase, history_id: int, user: Actor | None = None
) -> ObjectionPhrase:
    """Bring back a past version's text, speaker, gap, window and state as a new version; the
    phrase engine and the one-phrase-per-speaker rule check it as they check any edit."""
    version = phrase.history.filter(history_id=history_id).first()
    if version is None:
        raise VersionNotFound(_("У фразы нет такой версии."))
    return phrase_update(
        phrase=phrase, text=version.text, speaker=version.speaker, max_gap=version.max_gap,
        window_kind=version.window_kind, window_seconds=version.window_seconds,
        is_active=version.is_active, user=user,
        reason=_("восстановлена версия от %(at)s") % {
            "at": timezone.localtime(version.history_date).strftime("%d.%m.%Y %H:%M")},
    )


def block_restore(
    *, block: ResponseBlock, history_id: int, user: Actor | None = None
) -> ResponseBlock:
    """Bring back a past version's kind, text, order and state as a new version."""
    version = block.history.filter(history_id=history_id).first()
    if version is None:
        raise VersionNotFound(_("У блока нет такой версии."))
    block.kind = version.kind
    block.text = version.text
    block.order = version.order
    block.is_active = version.is_active
    _with_author(block, user, _("восстановлена версия от %(at)s") % {
        "at": timezone.localtime(version.history_date).strftime("%d.%m.%Y %H:%M")})
    block.save()
    return block

"""A phrase's settings checked by the engine, the same way for every phrase kind (a tag's, an
objection's, a skill's) and whichever way it comes in: an editor's form, the API, an import file,
the admin."""

from __future__ import annotations

from django.utils.translation import gettext as _

from calls.models import WindowKind, phrase_rule
from calls.phrases import PhraseRule, PhraseSyntaxError, compile_rules
from project.errors import DomainError
from project.russian import plural


class PhraseInvalid(DomainError):
    code = "phrase_invalid"


# A window longer than a day means a typo; 3,000,000,000 s also overflowed PostgreSQL's integer.
WINDOW_MAX_SECONDS = 24 * 60 * 60


def normalize_phrase_text(text: str) -> str:
    return " ".join(text.split())


def phrase_validate(
    *, text: str, speaker: str, max_gap: int, window_kind: str = WindowKind.NONE,
    window_seconds: int | None = None,
) -> PhraseRule:
    """The engine rule for these settings; PhraseInvalid (Russian message) when it cannot be."""
    if window_kind not in WindowKind.values:
        raise PhraseInvalid(_("Неизвестное окно %(kind)r.") % {"kind": window_kind})
    if window_kind != WindowKind.NONE and not (window_seconds and window_seconds > 0):
        raise PhraseInvalid(_("Для окна нужно указать число секунд больше нуля."))
    if window_seconds is not None and window_seconds > WINDOW_MAX_SECONDS:
        raise PhraseInvalid(
            _("Окно не может быть длиннее %(limit)s (суток).")
            % {"limit": plural(WINDOW_MAX_SECONDS, "секунды,секунд,секунд")}
        )
    rule = phrase_rule(
        key="phrase", text=normalize_phrase_text(text), speaker=speaker, max_gap=max_gap,
        window_kind=window_kind, window_seconds=window_seconds,
    )
    try:
        compile_rules([rule])
    except PhraseSyntaxError as error:
        # The engine's message is "Russian / English [rule ...]": people read the Russian half.
        raise PhraseInvalid(str(error).split(" / ", 1)[0]) from None
    return rule

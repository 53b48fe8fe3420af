"""Editing a line's vocabulary. The list is short by design (LINE_VOCABULARY_MAX_TERMS): a few of
the line's own words help the recognizer, many everyday words made it worse."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from calls.models import Line, LineTerm
from project.errors import DomainError
from project.russian import plural

TERM_MAX_LENGTH = 100
# A term is a word or a few (a product's name), not a sentence.
TERM_MAX_WORDS = 4


class VocabularyInvalid(DomainError):
    pass


class VocabularyConflict(DomainError):
    conflict = True


def clean_term(text: str) -> str:
    """The term as stored: single spaces, no surrounding punctuation."""
    return re.sub(r"\s+", " ", text).strip(" ,.;:!?«»\"'")


def _folded(term: str) -> str:
    return term.lower().replace("ё", "е")


@transaction.atomic
def line_term_add(*, line: Line, term: str, user: User | None, source: str = "") -> LineTerm:
    """Add a word to the line's vocabulary: typed by an admin (source "") or accepted from a
    suggestion source (its key)."""
    cleaned = clean_term(term)
    if not cleaned:
        raise VocabularyInvalid(_("Впишите слово."))
    if len(cleaned) > TERM_MAX_LENGTH or len(cleaned.split()) > TERM_MAX_WORDS:
        raise VocabularyInvalid(
            _("Словарь — для слов и названий, не для фраз: не больше %(words)s.")
            % {"words": plural(TERM_MAX_WORDS, (_("слова"), _("слов"), _("слов")))}
        )
    # Locks the line so two admins adding at once do not pass the cap together.
    Line.objects.select_for_update().filter(pk=line.pk).first()
    existing = list(line.terms.values_list("term", flat=True))
    if _folded(cleaned) in {_folded(t) for t in existing}:
        raise VocabularyConflict(_("«%(term)s» уже в словаре линии.") % {"term": cleaned})
    cap = settings.LINE_VOCABULARY_MAX_TERMS
    if len(existing) >= cap:
        raise VocabularyConflict(
            _("В словаре линии уже %(count)s — это предел: длинный словарь мешает распознаванию. "
              "Уберите слово, которое помогает меньше.")
            % {"count": plural(cap, (_("слово"), _("слова"), _("слов")))}
        )
    try:
        with transaction.atomic():
            return LineTerm.objects.create(line=line, term=cleaned, source=source, added_by=user)
    except IntegrityError:
        raise VocabularyConflict(
            _("«%(term)s» уже в словаре линии.") % {"term": cleaned}
        ) from None


def line_term_remove(*, line: Line, term_id: int) -> None:
    line.terms.filter(pk=term_id).delete()


def line_vocabulary_set_decoder(*, line: Line, on: bool) -> Line:
    """Pass the line's words to the recognizer, or stop while keeping the list."""
    if line.vocabulary_to_decoder != on:
        line.vocabulary_to_decoder = on
        line.save(update_fields=["vocabulary_to_decoder"])
    return line

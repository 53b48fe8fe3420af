"""The corrections' suggestions: the words people typed where the recognizer misheard them on the
line's calls (calls/corrections/vocabulary.py), most often corrected first. These are the words a
vocabulary exists for: «промокод» for «промокот»."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from calls.corrections.vocabulary import misheard_terms
from calls.models import Line
from calls.vocabulary.sources import Suggestion

CORRECTIONS_SOURCE = "corrections"
CORRECTIONS_SOURCE_LABEL = _("Исправления расшифровок")
# As many as a vocabulary may hold; the page shows the first of them.
MAX_SUGGESTIONS = 50


def corrections_suggestions(line: Line) -> list[Suggestion]:
    return [Suggestion(term=term.term, count=term.count, call_ids=term.call_ids)
            for term in misheard_terms(line=line, limit=MAX_SUGGESTIONS)]

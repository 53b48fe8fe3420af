"""The library's suggestions for a line's vocabulary (calls/vocabulary): the words of the
objections found on the line's calls — their names, trigger phrases and response blocks (the
blocks are where the company's own offers and terms are written) — ranked as the calls app
ranks every source's words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from calls.models import Line
from calls.vocabulary.sources import Suggestion
from calls.vocabulary.transcripts import line_transcripts
from calls.vocabulary.words import candidates_in, ranked_suggestions
from scripts_library.models import Objection, ObjectionPhrase, ResponseBlock

LIBRARY_SOURCE = "library"
LIBRARY_SOURCE_LABEL = _("Возражения")


def library_suggestions(line: Line) -> list[Suggestion]:
    objections = Objection.objects.active().filter(hits__call__line=line).distinct()
    texts = [
        *objections.values_list("name", flat=True),
        *ObjectionPhrase.objects.active().filter(objection__in=objections)
        .values_list("text", flat=True),
        *ResponseBlock.objects.active().filter(objection__in=objections)
        .values_list("text", flat=True),
    ]
    return ranked_suggestions(candidates_in(texts), line_transcripts(line))

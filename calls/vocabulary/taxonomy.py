"""The taxonomy's suggestions: the words of the tags found on the line's calls (their names and
active phrases), ranked by calls.vocabulary.words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from calls.models import KeyPhrase, Line, Tag
from calls.vocabulary.sources import Suggestion
from calls.vocabulary.transcripts import line_transcripts
from calls.vocabulary.words import candidates_in, ranked_suggestions

TAXONOMY_SOURCE = "taxonomy"
TAXONOMY_SOURCE_LABEL = _("Теги")


def taxonomy_suggestions(line: Line) -> list[Suggestion]:
    tags = Tag.objects.filter(call_tags__call__line=line).distinct()
    texts = [*tags.values_list("name", flat=True),
             *KeyPhrase.objects.active().filter(tag__in=tags).values_list("text", flat=True)]
    return ranked_suggestions(candidates_in(texts), line_transcripts(line))

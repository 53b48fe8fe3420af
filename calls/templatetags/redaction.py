"""Showing redacted transcript text: a placeholder such as «[карта]» is marked as a redaction."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from calls.redaction.transcript import PLACEHOLDERS

register = template.Library()

# Placeholders carry no HTML-special characters, so they look the same after escaping.
_PLACEHOLDER_RE = re.compile("|".join(re.escape(text) for text in PLACEHOLDERS.values()))


def _mark(found: re.Match[str]) -> str:
    return format_html('<span class="redacted" title="{}">{}</span>',
                       _("Скрыто: персональные данные"), found.group())


@register.filter
def redacted(text: object) -> SafeString:
    """Escaped text with each placeholder in <span class="redacted">."""
    return mark_safe(_PLACEHOLDER_RE.sub(_mark, escape(str(text))))  # noqa: S308

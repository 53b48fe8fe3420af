"""The line's own vocabulary: the product names, promo words and company terms the recognizer is
told to expect on a line's calls (calls/vocabulary, docs/line-vocabulary.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Line


class LineTerm(models.Model):
    line = models.ForeignKey(
        Line, verbose_name=_("линия"), on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField(_("слово"), max_length=100)
    # The suggestion source it was accepted from (calls.vocabulary.sources), or "" when typed.
    source = models.CharField(_("откуда"), max_length=40, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("добавил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    added_at = models.DateTimeField(_("добавлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("слово словаря линии")
        verbose_name_plural = _("словарь линии")
        ordering = ["line", "id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "term"], name="lineterm_unique_per_line"),
        ]

    def __str__(self) -> str:
        return self.term

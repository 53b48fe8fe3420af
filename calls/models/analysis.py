"""A re-analysis of the archive by the analysis registry (calls/analysis.py), with progress."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.runs import STALE_RUN_AFTER, BackgroundRun

__all__ = ["STALE_RUN_AFTER", "ReanalysisRun"]


class ReanalysisRun(BackgroundRun):
    """One re-analysis of the archive (every analyser, or one and its readers), with progress."""

    since = models.DateField(_("звонки с даты"), null=True, blank=True)
    # A registered analyser's name (calls/analysis.py); empty: every analyser.
    analyser = models.CharField(_("анализатор"), max_length=50, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("повторный анализ")
        verbose_name_plural = _("повторные анализы")

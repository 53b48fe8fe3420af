"""Models learned from people's labels: one per tag (calls/taxonomy/learning/, calls/learning/).

A model proposes its tag for calls (CallTag with source MODEL, a confidence and reasons) only
after an admin turned it on, having seen its cross-validated precision and recall; retraining
keeps that choice. The fitted parameters are plain JSON (lemmas, weights, the regression's
coefficients): readable, diffable, and loading them runs no code, unlike a pickle.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.taxonomy import Tag


class LearnedTagModelQuerySet(models.QuerySet["LearnedTagModel"]):
    def enabled(self) -> LearnedTagModelQuerySet:
        """The models whose proposals the analyser applies: turned on, of active tags."""
        return self.filter(is_enabled=True, tag__is_active=True)


class LearnedTagModel(models.Model):
    tag = models.OneToOneField(
        Tag, verbose_name=_("тег"), on_delete=models.CASCADE, related_name="learned_model"
    )
    is_enabled = models.BooleanField(_("предложения включены"), default=False)
    enabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто включил или выключил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    enabled_changed_at = models.DateTimeField(
        _("когда включили или выключили"), null=True, blank=True
    )
    # Out-of-fold figures on the labelled calls (None: no proposal or no positive to find).
    cv_precision = models.FloatField(_("точность (кросс-валидация)"), null=True, blank=True)
    cv_recall = models.FloatField(_("полнота (кросс-валидация)"), null=True, blank=True)
    n_positive = models.PositiveIntegerField(_("звонков с тегом"), default=0)
    n_negative = models.PositiveIntegerField(_("звонков без тега"), default=0)
    trained_at = models.DateTimeField(_("обучена"), default=timezone.now)
    # What the labels looked like at training (calls/taxonomy/learning/labels.py): the schedule
    # retrains only when it changed.
    labels_stamp = models.CharField(_("отпечаток разметки"), max_length=200, blank=True)
    parameters = models.JSONField(_("параметры модели"), default=dict)

    objects = LearnedTagModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("обученная модель тега")
        verbose_name_plural = _("обученные модели тегов")
        ordering = ["tag__category__order", "tag__category__name", "tag__name"]

    def __str__(self) -> str:
        return str(self.tag)

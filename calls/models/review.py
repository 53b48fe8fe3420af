"""The monthly taxonomy review (calls/taxonomy/review/): what it suggested and who decided what.

A review is opened once per month; its suggestions wait for an admin. A decision is logged on the
suggestion (decided_by, decided_at), and an accepted suggestion is applied once: applied_at says
it was, and `applied` what it changed, so that applying again changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.taxonomy import Tag


class TaxonomyReview(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("идёт")
        CLOSED = "closed", _("закрыт")

    # The first day of the month reviewed: the schedule and the command may both open it.
    month = models.DateField(_("месяц"), unique=True)
    opened_at = models.DateTimeField(_("открыт"), default=timezone.now)
    status = models.CharField(
        _("статус"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)
    # The month's analysed calls with no problem tag: where new topics were looked for.
    calls_considered = models.PositiveIntegerField(_("звонков без проблемных тегов"), default=0)

    class Meta:
        verbose_name = _("обзор таксономии")
        verbose_name_plural = _("обзоры таксономии")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ReviewSuggestionQuerySet(models.QuerySet["ReviewSuggestion"]):
    def pending(self) -> ReviewSuggestionQuerySet:
        return self.filter(status=ReviewSuggestion.Status.PENDING)

    def to_apply(self) -> ReviewSuggestionQuerySet:
        """Accepted and not applied yet."""
        return self.filter(status=ReviewSuggestion.Status.ACCEPTED, applied_at__isnull=True)


class ReviewSuggestion(models.Model):
    class Kind(models.TextChoices):
        RETIRE = "retire", _("вывести из работы")
        NEW_TAG = "new_tag", _("новый тег")
        CLARIFY = "clarify", _("уточнить описание")
        MERGE = "merge", _("возможно, одна проблема")
        ADD_PHRASES = "add_phrases", _("добавить фразы")

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт решения")
        ACCEPTED = "accepted", _("принято")
        REJECTED = "rejected", _("отклонено")

    review = models.ForeignKey(
        TaxonomyReview,
        verbose_name=_("обзор"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    kind = models.CharField(_("вид"), max_length=11, choices=Kind.choices)
    status = models.CharField(
        _("статус"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    # The evidence and what applying needs (n-grams, phrases, example moments, figures).
    payload = models.JSONField(_("данные"), default=dict, blank=True)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("теги"), blank=True, related_name="review_suggestions"
    )
    summary = models.CharField(_("кратко"), max_length=500)
    # The order on the review page, best first (calls covered, agreement gap, lift…).
    score = models.FloatField(_("вес"), default=0.0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    applied_at = models.DateTimeField(_("когда применено"), null=True, blank=True)
    # What applying changed (the draft tag, the phrases added…), for the log and the page.
    applied = models.JSONField(_("что сделано"), default=dict, blank=True)

    objects = ReviewSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("предложение обзора таксономии")
        verbose_name_plural = _("предложения обзора таксономии")
        ordering = ["review", "kind", "-score", "id"]

    def __str__(self) -> str:
        return self.summary

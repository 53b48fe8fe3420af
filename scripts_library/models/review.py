"""The monthly library review: suggestions mined from real calls, each decided by a trainer."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class LibraryReview(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("открыт")
        CLOSED = "closed", _("закрыт")

    period_start = models.DateField(_("период с"))
    period_end = models.DateField(_("период по"))
    status = models.CharField(
        _("состояние"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    calls_considered = models.PositiveIntegerField(_("звонков рассмотрено"), default=0)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)

    class Meta:
        verbose_name = _("обзор библиотеки")
        verbose_name_plural = _("обзоры библиотеки")
        ordering = ["-period_start", "-id"]
        constraints = [
            # The schedule may fire twice (two clusters, a retry): one review per period.
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="libraryreview_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return self.period_label

    @property
    def is_month(self) -> bool:
        """The period is one whole calendar month (the schedule's reviews); the demo's is not."""
        after = self.period_end + timedelta(days=1)
        return self.period_start.day == 1 and after.day == 1 and \
            (after - self.period_start).days <= 31

    @property
    def period_label(self) -> str:
        if self.is_month:
            # «октябрь 2026», as the period reads inside a sentence («Обзор за октябрь 2026»).
            return date_format(self.period_start, "F Y").lower()
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


class ReviewSuggestion(models.Model):
    class Kind(models.TextChoices):
        NEW_OBJECTION = "new_objection", _("новое возражение")
        NEW_PHRASE = "new_phrase", _("новая фраза-триггер")
        NEW_BLOCK = "new_block", _("успешная формулировка")
        UNUSED_BLOCK = "unused_block", _("блок не используется")
        WEAK_BLOCK = "weak_block", _("блок хуже соседних")

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт решения")
        ACCEPTED = "accepted", _("принято")
        REJECTED = "rejected", _("отклонено")

    review = models.ForeignKey(
        LibraryReview, verbose_name=_("обзор"), on_delete=models.CASCADE,
        related_name="suggestions",
    )
    kind = models.CharField(_("вид"), max_length=13, choices=Kind.choices)
    title = models.CharField(_("что предлагается"), max_length=500)
    # Kind-specific details (the phrase, the block text, the objection code, counts) and the
    # example calls with times, so every number on the review page opens its calls.
    payload = models.JSONField(_("подробности"), default=dict)
    score = models.FloatField(_("вес"), default=0)
    status = models.CharField(
        _("решение"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто решил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    applied = models.JSONField(_("что сделано"), default=dict, blank=True)

    class Meta:
        verbose_name = _("предложение обзора")
        verbose_name_plural = _("предложения обзора")
        ordering = ["review", "kind", "-score", "id"]

    def __str__(self) -> str:
        return self.title

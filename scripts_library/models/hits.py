"""Objections found in calls, each with its evidence and what happened next.

A hit is the sequence a trainer reads: the customer's objection → the operator's reply (the
operator's segments until the customer speaks again) → whether the customer raised the same
objection again later in the call → the call's outcome (on the call). Hits are written by the
`objections` analyser and replaced on every analysis of the call.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Segment
from project.roles import AnyUser
from scripts_library.models.library import Objection, ObjectionPhrase


class ObjectionHitQuerySet(models.QuerySet["ObjectionHit"]):
    def visible_to(self, user: AnyUser) -> ObjectionHitQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))


class ObjectionHit(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="objection_hits"
    )
    # Objections with hits are retired, not deleted: PROTECT keeps the archive meaningful.
    objection = models.ForeignKey(
        Objection, verbose_name=_("возражение"), on_delete=models.PROTECT, related_name="hits"
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, related_name="+"
    )
    # The phrase may be deleted later; the matched text still shows what was heard.
    phrase = models.ForeignKey(
        ObjectionPhrase, verbose_name=_("фраза"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    char_start = models.PositiveIntegerField(_("начало в тексте"))
    char_end = models.PositiveIntegerField(_("конец в тексте"))
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    text = models.CharField(_("найденный текст"), max_length=500)
    # Which time this objection came up in the call (1 = first); > 1 is a repeated objection.
    occurrence = models.PositiveSmallIntegerField(_("который раз в звонке"), default=1)
    raised_again = models.BooleanField(_("клиент повторил позже"), default=False)
    reply_text = models.TextField(_("ответ оператора"), blank=True)
    reply_start = models.FloatField(_("ответ: начало, с"), null=True, blank=True)
    reply_end = models.FloatField(_("ответ: конец, с"), null=True, blank=True)

    objects = ObjectionHitQuerySet.as_manager()

    class Meta:
        verbose_name = _("возражение в звонке")
        verbose_name_plural = _("возражения в звонках")
        ordering = ["call", "start", "id"]
        indexes = [models.Index(fields=["objection", "call"])]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.objection_id} @ {self.start:.1f}"

"""People's corrections of transcript segments: who changed what the recognizer wrote, and when.

The segment itself (calls/models/calls.py) holds the current text and, once corrected, the
recognizer's own text and word timings, so that the analysers read the corrected words and a
restore gives back exactly what was recognized. This log is the history shown on the call page;
it outlives the segment (a new transcription replaces the segments) so a correction is never
lost silently: it is carried over to the new segment said at the same time, or marked as not
carried over (calls/corrections/services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Segment, Speaker


class SegmentCorrectionQuerySet(models.QuerySet["SegmentCorrection"]):
    def not_carried_over(self) -> SegmentCorrectionQuerySet:
        """Corrections a new transcription could not give to any new segment."""
        return self.filter(action=SegmentCorrection.Action.NOT_CARRIED)


class SegmentCorrection(models.Model):
    class Action(models.TextChoices):
        CORRECTED = "corrected", _("исправлено")
        RESTORED = "restored", _("возвращён текст распознавания")
        CARRIED = "carried", _("перенесено после нового распознавания")
        NOT_CARRIED = "not_carried", _("не перенесено после нового распознавания")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE,
        related_name="segment_corrections",
    )
    # Null once a new transcription replaced the segment; the number and times stay.
    segment = models.ForeignKey(
        Segment, verbose_name=_("реплика"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="corrections",
    )
    segment_index = models.PositiveIntegerField(_("номер реплики"))
    speaker = models.CharField(_("говорит"), max_length=10, choices=Speaker.choices)
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    action = models.CharField(_("действие"), max_length=12, choices=Action.choices)
    # All three texts are stored redacted, as every transcript text is (docs/redaction.md).
    recognized_text = models.TextField(_("текст распознавания"))
    text_before = models.TextField(_("текст до"))
    text_after = models.TextField(_("текст после"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)

    objects = SegmentCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("исправление реплики")
        verbose_name_plural = _("исправления реплик")
        ordering = ["call", "at", "id"]
        indexes = [models.Index(fields=["call", "segment_index", "at"])]

    def __str__(self) -> str:
        return f"{self.call_id}#{self.segment_index}: {self.action}"

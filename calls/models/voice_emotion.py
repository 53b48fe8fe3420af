"""The customer's emotion (issue 18 §3, calls/voice/emotion/): per customer segment and per
call, with reasons a person can check by listening (cues with their times, measures that stood
out)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Segment
from project.roles import AnyUser


class Emotion(models.TextChoices):
    NEUTRAL = "neutral", _("спокойно")
    IRRITATED = "irritated", _("раздражение")
    CONFUSED = "confused", _("непонимание")
    SATISFIED = "satisfied", _("удовлетворённость")


class SegmentEmotion(models.Model):
    """One customer segment's emotion; `reasons` as in CallEmotion."""

    segment = models.OneToOneField(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, related_name="emotion"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="segment_emotions"
    )
    emotion = models.CharField(_("эмоция"), max_length=10, choices=Emotion.choices)
    score = models.FloatField(_("сила"))
    # The irritation score (words + voice) the hot rule reads, whatever the segment's emotion.
    irritation = models.FloatField(_("раздражение"), default=0)
    # How far the voice was raised above the speaker's own baseline (None: the voice not heard).
    arousal = models.FloatField(_("возбуждение голоса"), null=True, blank=True)
    reasons = models.JSONField(_("почему"), default=list)

    class Meta:
        verbose_name = _("эмоция реплики")
        verbose_name_plural = _("эмоции реплик")

    def __str__(self) -> str:
        return f"{self.segment_id}: {self.emotion}"


class CallEmotionQuerySet(models.QuerySet["CallEmotion"]):
    def visible_to(self, user: AnyUser) -> CallEmotionQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))


class CallEmotion(models.Model):
    """The call's emotion, whether it is hot (and where), and hidden irritation (and where).

    `reasons`: [{"kind": "cue"|"voice"|"punctuation"|"repeat"|"not_heard"|…, "text": Russian,
    "start": s or None, "segment": segment id or None, "about": "emotion"|"hot"|"hidden"}, …]."""

    call = models.OneToOneField(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="emotion"
    )
    analysed_at = models.DateTimeField(_("проанализирован"))
    emotion = models.CharField(_("эмоция"), max_length=10, choices=Emotion.choices)
    score = models.FloatField(_("сила"))
    hot = models.BooleanField(_("горячий"), default=False)
    # The highest segment irritation of the call: the listen-list ranks by it.
    hot_score = models.FloatField(_("накал"), default=0)
    hot_at = models.FloatField(_("самый горячий момент, с"), null=True, blank=True)
    hidden_irritation = models.BooleanField(_("скрытое раздражение"), default=False)
    hidden_at = models.FloatField(_("момент скрытого раздражения, с"), null=True, blank=True)
    voice_heard = models.BooleanField(_("голос услышан"), default=False)
    reasons = models.JSONField(_("почему"), default=list)

    objects = CallEmotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("эмоция звонка")
        verbose_name_plural = _("эмоции звонков")
        indexes = [models.Index(fields=["hot", "hot_score"], name="callemotion_hot")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.emotion}"

"""What the voice analyser heard in a call (issue 18 §1, calls/voice/): the call's figures, each
segment's loudness, pitch and rate, and each line's running population of those measures."""

from __future__ import annotations

import math

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Line, Segment, Speaker


class CallVoice(models.Model):
    """The call-level figures; a figure is None when it could not be measured, and `unavailable`
    says why (measure name → a Russian reason)."""

    call = models.OneToOneField(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="voice"
    )
    analysed_at = models.DateTimeField(_("проанализирован"))
    # False for transcripts imported without a recording and for recordings that do not decode:
    # then only the word timings were measured.
    heard = models.BooleanField(_("голос услышан"), default=False)
    talk_ratio = models.FloatField(_("доля речи клиента"), null=True, blank=True)
    silence_share = models.FloatField(_("доля тишины"), null=True, blank=True)
    longest_silence = models.FloatField(_("самая долгая тишина, с"), null=True, blank=True)
    longest_silence_start = models.FloatField(
        _("начало самой долгой тишины, с"), null=True, blank=True
    )
    dead_air_seconds = models.FloatField(_("тишина после вопросов оператора, с"), default=0)
    hold_seconds = models.FloatField(_("ожидание на линии, с"), default=0)
    overtalk_seconds = models.FloatField(_("одновременная речь, с"), null=True, blank=True)
    interruptions_by_operator = models.PositiveIntegerField(
        _("перебил оператор"), null=True, blank=True
    )
    interruptions_by_customer = models.PositiveIntegerField(
        _("перебил клиент"), null=True, blank=True
    )
    # [{"kind": "speech"|"silence"|"hold"|"dead_air"|"overtalk"|"interruption",
    #   "speaker": …, "start": s, "end": s}, …] in time order: the call page's timeline.
    timeline = models.JSONField(_("шкала времени"), default=list)
    unavailable = models.JSONField(_("что не измерено и почему"), default=dict)

    class Meta:
        verbose_name = _("голос звонка")
        verbose_name_plural = _("голос звонков")

    def __str__(self) -> str:
        return f"{self.call_id}: голос"


class SegmentVoice(models.Model):
    """One segment's voice, and how far it lies from the same speaker in the call (z) and from
    the line's population of that speaker (z)."""

    segment = models.OneToOneField(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, related_name="voice"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="segment_voices"
    )
    speaker = models.CharField(_("говорит"), max_length=10, choices=Speaker.choices)
    loudness_db = models.FloatField(_("громкость, дБ"), null=True, blank=True)
    pitch_hz = models.FloatField(_("высота голоса, Гц"), null=True, blank=True)
    pitch_range_st = models.FloatField(_("диапазон высоты, полутонов"), null=True, blank=True)
    rate = models.FloatField(_("темп, слогов в секунду"), null=True, blank=True)
    # {"loudness_db": {"call": z, "line": z}, …}; a z is None when there is no baseline yet.
    relative = models.JSONField(_("относительно нормы"), default=dict)

    class Meta:
        verbose_name = _("голос реплики")
        verbose_name_plural = _("голос реплик")

    def __str__(self) -> str:
        return f"{self.segment_id}: голос"


class LineVoiceStats(models.Model):
    """A line's running mean and variance of one measure for one speaker (Welford's count, mean
    and M2): each analysed segment adds its value, and a re-analysis takes the old one out."""

    line = models.ForeignKey(
        Line, verbose_name=_("линия"), on_delete=models.CASCADE, related_name="voice_stats"
    )
    speaker = models.CharField(_("говорит"), max_length=10, choices=Speaker.choices)
    measure = models.CharField(_("мера"), max_length=20)
    count = models.PositiveIntegerField(_("значений"), default=0)
    mean = models.FloatField(_("среднее"), default=0)
    m2 = models.FloatField(_("сумма квадратов отклонений"), default=0)

    class Meta:
        verbose_name = _("норма голоса линии")
        verbose_name_plural = _("нормы голоса линий")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "speaker", "measure"], name="line_voice_stats_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.speaker} {self.measure}"

    @property
    def std(self) -> float | None:
        return math.sqrt(self.m2 / (self.count - 1)) if self.count > 1 else None

    def add(self, value: float) -> None:
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)

    def remove(self, value: float) -> None:
        if self.count <= 1:
            self.count, self.mean, self.m2 = 0, 0.0, 0.0
            return
        old_mean = (self.count * self.mean - value) / (self.count - 1)
        self.m2 = max(0.0, self.m2 - (value - old_mean) * (value - self.mean))
        self.mean = old_mean
        self.count -= 1

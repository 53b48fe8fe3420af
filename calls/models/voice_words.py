"""The word cues of the customer's mood (calls/voice/words/): lists of phrases trainers edit
without a deploy, and the cues each analysed call fired (evidence, like TagEvidence)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Segment
from calls.models.phrases import PhraseBase, phrase_constraints
from project.roles import AnyUser


class CueKind(models.TextChoices):
    PROFANITY = "profanity", _("Мат и брань")
    ESCALATION = "escalation", _("Эскалация")
    CONFUSION = "confusion", _("Непонимание")
    SATISFACTION = "satisfaction", _("Удовлетворённость")
    # The sentiment lexicon: single lemmas with weights, editable like the cues.
    NEGATIVE = "negative", _("Словарь: негатив")
    POSITIVE = "positive", _("Словарь: позитив")


# Kinds whose words flip when negated («не очень доволен» is not satisfied).
POLAR_KINDS = frozenset({CueKind.POSITIVE, CueKind.SATISFACTION, CueKind.NEGATIVE})


class CueList(models.Model):
    """One list per kind; its `updated_at` and its cues' make the compiled set's stamp."""

    kind = models.CharField(_("вид"), max_length=20, choices=CueKind.choices, unique=True)
    description = models.TextField(_("описание"), blank=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("список сигналов")
        verbose_name_plural = _("списки сигналов")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class CueQuerySet(models.QuerySet["Cue"]):
    def active(self) -> CueQuerySet:
        return self.filter(is_active=True)


class Cue(PhraseBase):
    """A phrase of a cue list, with the weight it adds to its kind's score."""

    cue_list = models.ForeignKey(
        CueList, verbose_name=_("список"), on_delete=models.CASCADE, related_name="cues"
    )
    weight = models.FloatField(_("вес"), default=1.0)

    objects = CueQuerySet.as_manager()

    class Meta:
        verbose_name = _("реплика-сигнал")
        verbose_name_plural = _("реплики-сигналы")
        ordering = ["cue_list", "text"]
        constraints = phrase_constraints(owner="cue_list", prefix="cue")


class CueHitQuerySet(models.QuerySet["CueHit"]):
    def visible_to(self, user: AnyUser) -> CueHitQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))


class CueHit(models.Model):
    """One cue heard in a call (the voice_words analyser), so a number can open its moment."""

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="cue_hits"
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, related_name="+"
    )
    # The cue may be deleted later; the kind and the matched text still say what was heard.
    cue = models.ForeignKey(
        Cue, verbose_name=_("сигнал"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=CueKind.choices)
    negated = models.BooleanField(_("с отрицанием"), default=False)
    weight = models.FloatField(_("вес"))
    char_start = models.PositiveIntegerField(_("начало в тексте"))
    char_end = models.PositiveIntegerField(_("конец в тексте"))
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    # Stored as heard; pages and exports mask profanity (calls/voice/words/masking.py).
    text = models.CharField(_("найденный текст"), max_length=500)

    objects = CueHitQuerySet.as_manager()

    class Meta:
        verbose_name = _("сработавший сигнал")
        verbose_name_plural = _("сработавшие сигналы")
        ordering = ["call", "start", "id"]
        indexes = [models.Index(fields=["call", "kind"], name="cuehit_call_kind")]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.start:.1f}"

"""What every stored phrase has (tags' key phrases, objections' triggers, skills' markers), and
the one conversion of such a row into the phrase engine's rule."""

from __future__ import annotations

from collections.abc import Hashable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.phrases import PhraseRule


class PhraseSpeaker(models.TextChoices):
    CUSTOMER = "customer", _("клиент")
    OPERATOR = "operator", _("оператор")
    ANY = "any", _("любой")


class WindowKind(models.TextChoices):
    NONE = "none", _("весь звонок")
    FIRST = "first", _("первые N секунд")
    LAST = "last", _("последние N секунд")


def phrase_rule(
    *, key: Hashable, text: str, speaker: str, max_gap: int, window_kind: str,
    window_seconds: float | None,
) -> PhraseRule:
    """The engine rule for a phrase's settings, stored or typed into a form.

    A window of 0 (or no) seconds is passed on as it is, and the engine refuses it: a phrase
    never silently widens from "the first N seconds" to the whole call.
    """
    window = None
    if window_kind != WindowKind.NONE:
        window = (window_kind, float(window_seconds or 0))
    return PhraseRule(
        key=key, text=text, speaker=speaker,  # type: ignore[arg-type]
        max_gap=max_gap, window=window,  # type: ignore[arg-type]
    )


def phrase_constraints(*, owner: str, prefix: str) -> list[models.BaseConstraint]:
    """The rules every phrase model keeps: a phrase's text and speaker once per `owner` (imports
    recognise a phrase by them), and a window has seconds exactly when it is set. `prefix` names
    the constraints (the model's name, as the migrations have them)."""
    return [
        models.UniqueConstraint(fields=[owner, "text", "speaker"],
                                name=f"{prefix}_unique_text_speaker"),
        models.CheckConstraint(
            condition=(Q(window_kind=WindowKind.NONE) & Q(window_seconds__isnull=True))
            | (~Q(window_kind=WindowKind.NONE) & Q(window_seconds__gt=0)),
            name=f"{prefix}_window_has_seconds",
        ),
    ]


class PhraseBase(models.Model):
    """The fields of a stored phrase; a concrete model adds what the phrase belongs to."""

    text = models.CharField(_("фраза"), max_length=300)
    speaker = models.CharField(
        _("кто говорит"), max_length=10, choices=PhraseSpeaker.choices,
        default=PhraseSpeaker.CUSTOMER,
    )
    max_gap = models.PositiveSmallIntegerField(
        _("слов между"), default=1,
        help_text=_("Сколько других слов может стоять между словами фразы."),
    )
    window_kind = models.CharField(
        _("окно"), max_length=5, choices=WindowKind.choices, default=WindowKind.NONE
    )
    window_seconds = models.PositiveIntegerField(_("окно, с"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    def rule(self) -> PhraseRule:
        """This phrase as the engine takes it, keyed by its primary key."""
        return phrase_rule(
            key=self.pk, text=self.text, speaker=self.speaker, max_gap=self.max_gap,
            window_kind=self.window_kind, window_seconds=self.window_seconds,
        )

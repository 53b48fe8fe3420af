"""Skills an operator shows in a call, and what the `skills` analyser found per call and skill.

A skill is found by its phrases (what the operator says: «добрый день» in the first 30 s), or —
the objection-handling kind — from the objection hits of the scripts library and the operator's
reply (coaching/skills/analysis.py has the rule). Results are replaced on every analysis.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call, PhraseBase, PhraseSpeaker, Segment, phrase_constraints


class SkillQuerySet(models.QuerySet["Skill"]):
    def active(self) -> SkillQuerySet:
        return self.filter(active=True)


class Skill(models.Model):
    class Kind(models.TextChoices):
        PHRASES = "phrases", _("по фразам оператора")
        OBJECTION_HANDLING = "objections", _("работа с возражениями")

    # Imports, exports and export_calls name a skill by its code; it never changes.
    code = models.SlugField(_("код"), max_length=100, unique=True)
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    kind = models.CharField(_("как находится"), max_length=10, choices=Kind.choices,
                            default=Kind.PHRASES)
    active = models.BooleanField(_("действует"), default=True)
    # The share of applicable calls a skill should be shown in; below it an operator has a gap
    # (coaching/gaps/).
    target = models.PositiveSmallIntegerField(
        _("цель, %"), default=80, validators=[MaxValueValidator(100)],
        help_text=_("В какой доле звонков, где навык уместен, его ждут от оператора."))
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("навык")
        verbose_name_plural = _("навыки")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Skill.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if stored is not None and stored != self.code:
                raise ValidationError(_("Код навыка не меняется после создания."))
        super().save(*args, **kwargs)


class SkillPhrase(PhraseBase):
    """What the operator says when showing the skill (operator speaker by default)."""

    skill = models.ForeignKey(
        Skill, verbose_name=_("навык"), on_delete=models.CASCADE, related_name="phrases"
    )
    # PhraseBase defaults to the customer; a skill is what the operator does.
    speaker = models.CharField(
        _("кто говорит"), max_length=10, choices=PhraseSpeaker.choices,
        default=PhraseSpeaker.OPERATOR,
    )

    class Meta:
        verbose_name = _("фраза навыка")
        verbose_name_plural = _("фразы навыков")
        ordering = ["skill", "id"]
        constraints = phrase_constraints(owner="skill", prefix="skillphrase")


class SkillResult(models.Model):
    class Status(models.TextChoices):
        SHOWN = "shown", _("проявлен")
        NOT_SHOWN = "not_shown", _("не проявлен")
        NOT_APPLICABLE = "not_applicable", _("неприменимо")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="skill_results"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("навык"), on_delete=models.CASCADE, related_name="results"
    )
    status = models.CharField(_("итог"), max_length=14, choices=Status.choices)
    # Evidence, when shown: where in the call the skill was heard.
    segment = models.ForeignKey(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    char_start = models.PositiveIntegerField(_("начало в тексте"), null=True, blank=True)
    char_end = models.PositiveIntegerField(_("конец в тексте"), null=True, blank=True)
    start = models.FloatField(_("начало, с"), null=True, blank=True)
    end = models.FloatField(_("конец, с"), null=True, blank=True)
    text = models.CharField(_("найденный текст"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("навык в звонке")
        verbose_name_plural = _("навыки в звонках")
        ordering = ["call", "skill__order", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "skill"], name="skillresult_one_per_call"),
        ]
        indexes = [models.Index(fields=["skill", "status"])]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.skill_id} {self.status}"

"""Scorecard templates: weighted criteria, each tied to a skill (pre-filled from the analyser in
evaluations, a later part of issue 9) or free-standing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coaching.models.skills import Skill


class ScorecardTemplate(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("оценочный лист")
        verbose_name_plural = _("оценочные листы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("оценочный лист"), on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("критерий"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    # A skill's criterion is pre-filled from the analyser; PROTECT keeps a used skill.
    skill = models.ForeignKey(
        Skill, verbose_name=_("навык"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="criteria",
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий")
        verbose_name_plural = _("критерии")
        ordering = ["template", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

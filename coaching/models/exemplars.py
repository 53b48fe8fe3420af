"""Exemplar moments: a stretch of a call that shows a skill (or the answer to an objection) done
well, kept by a trainer or taken from a team gap, and played in trainings and growth points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from coaching.models.skills import Skill
from scripts_library.models import Objection


class Exemplar(models.Model):
    class Source(models.TextChoices):
        PICKED = "picked", _("выбран тренером")
        GAP = "gap", _("из разрыва команды")

    call = models.ForeignKey(Call, verbose_name=_("звонок"), on_delete=models.CASCADE,
                             related_name="+")
    skill = models.ForeignKey(Skill, verbose_name=_("навык"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="exemplars")
    objection = models.ForeignKey(Objection, verbose_name=_("возражение"),
                                  on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    start = models.FloatField(_("начало, с"), default=0)
    end = models.FloatField(_("конец, с"), null=True, blank=True)
    note = models.TextField(_("чем хорош"), blank=True)
    source = models.CharField(_("откуда"), max_length=6, choices=Source.choices,
                              default=Source.PICKED)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("добавил"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("образцовый момент")
        verbose_name_plural = _("образцовые моменты")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same moment of a call is kept once per skill.
            models.UniqueConstraint(fields=["call", "skill", "start"],
                                    name="exemplar_one_per_moment"),
            models.CheckConstraint(condition=Q(start__gte=0), name="exemplar_start_not_negative"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="exemplar_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} @ {self.start:.0f} с"

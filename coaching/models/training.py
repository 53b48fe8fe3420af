"""Training sessions and coaching cycles.

A cycle follows one operator and one skill: listen (a baseline period of analysed and evaluated
calls) → report (a personal report shared with the operator) → train (a training session) →
control re-listen, due CONTROL_DAYS after the training → result: the skill before and after, the
test's p-value and the verdict. coaching/cycles/ holds the rules; the model keeps the state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from calls.models import Operator, Team
from coaching.models.exemplars import Exemplar
from coaching.models.reports import PersonalReport
from coaching.models.skills import Skill


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("запланирована")
        HELD = "held", _("проведена")
        CANCELLED = "cancelled", _("отменена")

    topic = models.CharField(_("тема"), max_length=200)
    skill = models.ForeignKey(Skill, verbose_name=_("навык"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="trainings")
    team = models.ForeignKey(Team, verbose_name=_("команда"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="trainings")
    held_on = models.DateField(_("дата"))
    status = models.CharField(_("состояние"), max_length=9, choices=Status.choices,
                              default=Status.PLANNED)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("тренер"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    attendees = models.ManyToManyField(Operator, verbose_name=_("участники"), blank=True,
                                       related_name="trainings")
    exemplars = models.ManyToManyField(Exemplar, verbose_name=_("образцовые моменты"),
                                       blank=True, related_name="trainings")
    notes = models.TextField(_("план и заметки"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("создал"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("обучение")
        verbose_name_plural = _("обучения")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on})"


class CoachingCycle(models.Model):
    class Stage(models.TextChoices):
        LISTEN = "listen", _("прослушивание")
        REPORT = "report", _("отчёт")
        TRAIN = "train", _("обучение")
        CONTROL = "control", _("контрольное прослушивание")
        DONE = "done", _("завершён")
        CANCELLED = "cancelled", _("отменён")

    class Verdict(models.TextChoices):
        CHANGED = "changed", _("изменилось")
        UNCHANGED = "unchanged", _("не изменилось")
        TOO_FEW = "too_few", _("мало данных")

    operator = models.ForeignKey(Operator, verbose_name=_("оператор"), on_delete=models.CASCADE,
                                 related_name="coaching_cycles")
    skill = models.ForeignKey(Skill, verbose_name=_("навык"), on_delete=models.PROTECT,
                              related_name="cycles")
    stage = models.CharField(_("этап"), max_length=9, choices=Stage.choices,
                             default=Stage.LISTEN)
    baseline_from = models.DateField(_("исходный период с"))
    baseline_to = models.DateField(_("исходный период по"))
    report = models.ForeignKey(PersonalReport, verbose_name=_("отчёт"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="cycles")
    training = models.ForeignKey(TrainingSession, verbose_name=_("обучение"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="cycles")
    trained_on = models.DateField(_("дата обучения"), null=True, blank=True)
    control_due = models.DateField(_("контроль не позже"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    # The result, written when the control re-listen is recorded.
    before_shown = models.PositiveIntegerField(_("до: навык показан"), null=True, blank=True)
    before_calls = models.PositiveIntegerField(_("до: звонков"), null=True, blank=True)
    after_shown = models.PositiveIntegerField(_("после: навык показан"), null=True, blank=True)
    after_calls = models.PositiveIntegerField(_("после: звонков"), null=True, blank=True)
    p_value = models.FloatField(_("p-значение"), null=True, blank=True)
    # The control re-listen's date (the after window ends there), who recorded the result and
    # when: only they may undo it (coaching/cycles/results.py).
    controlled_on = models.DateField(_("дата контрольного прослушивания"), null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("результат записал"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+")
    result_recorded_at = models.DateTimeField(_("результат записан"), null=True, blank=True)
    # The last undone result: who took it back and when (the notes keep every one).
    result_undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("результат отменил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+")
    result_undone_at = models.DateTimeField(_("результат отменён"), null=True, blank=True)
    verdict = models.CharField(_("вывод"), max_length=9, choices=Verdict.choices, blank=True)
    notes = models.TextField(_("заметки"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("начал"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("начат"), auto_now_add=True)
    closed_at = models.DateTimeField(_("завершён"), null=True, blank=True)

    class Meta:
        verbose_name = _("цикл коучинга")
        verbose_name_plural = _("циклы коучинга")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open cycle per operator and skill: a second would measure the same training.
            models.UniqueConstraint(fields=["operator", "skill"],
                                    condition=~Q(stage__in=["done", "cancelled"]),
                                    name="coachingcycle_one_open_per_skill"),
            models.CheckConstraint(condition=Q(baseline_from__lte=F("baseline_to")),
                                   name="coachingcycle_baseline_ordered"),
            # The control re-listen (its due date and the day it took place) never falls before
            # the training it measures.
            models.CheckConstraint(
                condition=Q(control_due__isnull=True)
                | (Q(trained_on__isnull=False) & Q(control_due__gte=F("trained_on"))),
                name="coachingcycle_control_due_after_training"),
            models.CheckConstraint(
                condition=Q(controlled_on__isnull=True)
                | (Q(trained_on__isnull=False) & Q(controlled_on__gte=F("trained_on"))),
                name="coachingcycle_controlled_after_training"),
        ]

    def __str__(self) -> str:
        return f"{self.operator_id}: {self.skill_id} ({self.stage})"

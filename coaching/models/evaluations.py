"""Evaluations of calls by scorecard, comments pinned to moments, and calibration sessions.

A criterion's score is an `answer` (yes / no / not applicable) or, for a 0–100 score, the
answer «баллы» with `points`. Criteria tied to a skill are pre-filled from the analyser and
marked auto; a human change keeps the auto answer, who changed it and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from coaching.models.scorecards import Criterion, ScorecardTemplate


class Answer(models.TextChoices):
    YES = "yes", _("да")
    NO = "no", _("нет")
    NOT_APPLICABLE = "na", _("неприменимо")
    POINTS = "points", _("баллы")


class CalibrationSession(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("идёт")
        CLOSED = "closed", _("закрыта")

    name = models.CharField(_("название"), max_length=200)
    scorecard = models.ForeignKey(ScorecardTemplate, verbose_name=_("оценочный лист"),
                                  on_delete=models.PROTECT, related_name="calibrations")
    calls = models.ManyToManyField(Call, verbose_name=_("звонки"), related_name="+")
    evaluators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("оценщики"),
                                        related_name="calibrations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("создал"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("состояние"), max_length=6, choices=Status.choices,
                              default=Status.OPEN)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("калибровка")
        verbose_name_plural = _("калибровки")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("отправлена")

    call = models.ForeignKey(Call, verbose_name=_("звонок"), on_delete=models.CASCADE,
                             related_name="evaluations")
    scorecard = models.ForeignKey(ScorecardTemplate, verbose_name=_("оценочный лист"),
                                  on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("оценщик"),
                                  on_delete=models.PROTECT, related_name="evaluations")
    status = models.CharField(_("состояние"), max_length=9, choices=Status.choices,
                              default=Status.DRAFT)
    calibration = models.ForeignKey(CalibrationSession, verbose_name=_("калибровка"),
                                    on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="evaluations")
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("оценка звонка")
        verbose_name_plural = _("оценки звонков")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One evaluator scores a call once within a calibration session.
            models.UniqueConstraint(fields=["calibration", "call", "evaluator"],
                                    condition=Q(calibration__isnull=False),
                                    name="evaluation_one_per_calibration_call"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.scorecard_id} ({self.evaluator_id})"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("оценка"),
                                   on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("критерий"),
                                  on_delete=models.PROTECT, related_name="scores")
    answer = models.CharField(_("ответ"), max_length=6, choices=Answer.choices, blank=True)
    points = models.PositiveSmallIntegerField(_("баллы"), null=True, blank=True)
    auto = models.BooleanField(_("автоматически"), default=False)
    # What the analyser said, kept after a human override.
    auto_answer = models.CharField(_("ответ анализатора"), max_length=6, choices=Answer.choices,
                                   blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("исправил"),
                                      on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    override_reason = models.TextField(_("почему исправлено"), blank=True)

    class Meta:
        verbose_name = _("оценка критерия")
        verbose_name_plural = _("оценки критериев")
        ordering = ["evaluation", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"],
                                    name="criterionscore_one_per_criterion"),
            models.CheckConstraint(
                condition=(Q(answer="points") & Q(points__isnull=False) & Q(points__lte=100))
                | (~Q(answer="points") & Q(points__isnull=True)),
                name="criterionscore_points_with_points_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.answer}"

    @property
    def value_label(self) -> str:
        if self.answer == Answer.POINTS:
            return f"{self.points}"
        return str(Answer(self.answer).label) if self.answer else "—"


class EvaluationComment(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("оценка"),
                                   on_delete=models.CASCADE, related_name="comments")
    criterion = models.ForeignKey(Criterion, verbose_name=_("критерий"),
                                  on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    at = models.FloatField(_("момент, с"), null=True, blank=True)
    text = models.TextField(_("комментарий"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("автор"),
                               on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий к оценке")
        verbose_name_plural = _("комментарии к оценкам")
        ordering = ["evaluation", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(at__isnull=True) | Q(at__gte=0),
                                   name="evaluationcomment_at_not_negative"),
        ]

    def __str__(self) -> str:
        return self.text[:50]

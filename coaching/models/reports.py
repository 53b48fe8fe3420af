"""Personal reports: the competency map and its sentence for one operator and period, kept as
generated (a report says what the numbers were when it was written), shared with the operator, who
can comment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from calls.models import Operator


class PersonalReport(models.Model):
    operator = models.ForeignKey(Operator, verbose_name=_("оператор"), on_delete=models.CASCADE,
                                 related_name="coaching_reports")
    date_from = models.DateField(_("период с"))
    date_to = models.DateField(_("период по"))
    # The numbers as generated: {"skills": [...], "sentence": [{"text", "href"}], "growth": [...]}
    # (coaching/reports/services.py writes it; the page and the PDF read it).
    content = models.JSONField(_("содержание"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("составил"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("составлен"), auto_now_add=True)
    # An operator sees a report only once it is shared.
    shared_at = models.DateTimeField(_("показан оператору"), null=True, blank=True)

    class Meta:
        verbose_name = _("личный отчёт")
        verbose_name_plural = _("личные отчёты")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(date_from__lte=F("date_to")),
                                   name="personalreport_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.operator_id}: {self.date_from}–{self.date_to}"


class ReportComment(models.Model):
    report = models.ForeignKey(PersonalReport, verbose_name=_("отчёт"), on_delete=models.CASCADE,
                               related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("автор"),
                               on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("комментарий"))
    created_at = models.DateTimeField(_("написан"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий к отчёту")
        verbose_name_plural = _("комментарии к отчётам")
        ordering = ["report", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]

"""Departments that can fix what customers call about (issue 19 §2, calls/departments/).

A department (development, logistics, billing, sales…) subscribes to tag categories or tags and
names its recipients: people with the «Отдел» role who are its members. Every call a department
is sent (an alert's or a weekly report's example, a finding's evidence) is shared with it by a
CallShare; a department member may open exactly the shared calls (CallQuerySet.visible_to).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call
from calls.models.taxonomy import Tag, TagCategory


class Department(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    code = models.SlugField(_("код"), max_length=100, unique=True)
    description = models.TextField(_("чем занимается"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("получатели"), blank=True,
        related_name="departments",
    )
    categories = models.ManyToManyField(
        TagCategory, verbose_name=_("категории тегов"), blank=True, related_name="departments"
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("теги"), blank=True, related_name="departments"
    )
    is_active = models.BooleanField(_("получает письма"), default=True)

    class Meta:
        verbose_name = _("отдел")
        verbose_name_plural = _("отделы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def subscribed_tags(self) -> models.QuerySet[Tag]:
        """The active tags it hears about: its own and every tag of its categories."""
        return Tag.objects.filter(
            models.Q(departments=self) | models.Q(category__departments=self), is_active=True
        ).distinct()


class CallShare(models.Model):
    """A call sent to a department; its members may open it, and no call that was not sent."""

    class Reason(models.TextChoices):
        ALERT = "alert", _("оповещение")
        REPORT = "report", _("недельный отчёт")
        FINDING = "finding", _("находка")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="shares"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("отдел"), on_delete=models.CASCADE, related_name="shares"
    )
    reason = models.CharField(_("почему"), max_length=10, choices=Reason.choices)
    shared_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("звонок для отдела")
        verbose_name_plural = _("звонки для отделов")
        constraints = [
            models.UniqueConstraint(fields=["call", "department"], name="call_share_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} → {self.department_id}"

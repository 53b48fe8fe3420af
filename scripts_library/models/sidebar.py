"""What operators do with the sidebar's hints: the raw material of the block metrics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Operator
from scripts_library.models.library import Objection, ResponseBlock


class SidebarEvent(models.Model):
    class Kind(models.TextChoices):
        SHOWN = "shown", _("показан")
        INSERTED = "inserted", _("вставлен")
        COPIED = "copied", _("скопирован")
        DISMISSED = "dismissed", _("отклонён")

    kind = models.CharField(_("событие"), max_length=9, choices=Kind.choices)
    block = models.ForeignKey(
        ResponseBlock, verbose_name=_("блок"), on_delete=models.CASCADE, related_name="events"
    )
    objection = models.ForeignKey(
        Objection, verbose_name=_("возражение"), on_delete=models.CASCADE, related_name="+"
    )
    operator = models.ForeignKey(
        Operator, verbose_name=_("оператор"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("пользователь"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    # The CRM names the call by its external id, possibly before the recording arrives; the link
    # is filled in when the call is known.
    call_external_id = models.CharField(_("внешний ID звонка"), max_length=200, blank=True)
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="sidebar_events",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)
    received_at = models.DateTimeField(_("получено"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие подсказки")
        verbose_name_plural = _("события подсказок")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["block", "kind"]),
            models.Index(fields=["call_external_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.block_id}"

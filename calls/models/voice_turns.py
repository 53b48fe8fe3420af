"""Where a hot call turns (issue 18 §4, calls/voice/turns/): the operator's phrase before the
customer calmed down or boiled over, found from the customer segments' irritation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Segment
from project.roles import AnyUser


class TurningPointQuerySet(models.QuerySet["TurningPoint"]):
    def visible_to(self, user: AnyUser) -> TurningPointQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))


class TurningPoint(models.Model):
    class Kind(models.TextChoices):
        CALMING = "calming", _("успокоился")
        ESCALATION = "escalation", _("вспылил")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="turning_points"
    )
    kind = models.CharField(_("поворот"), max_length=10, choices=Kind.choices)
    operator_segment = models.ForeignKey(
        Segment, verbose_name=_("фраза оператора"), on_delete=models.CASCADE, related_name="+"
    )
    customer_before = models.ForeignKey(
        Segment, verbose_name=_("клиент до"), on_delete=models.CASCADE, related_name="+"
    )
    customer_after = models.ForeignKey(
        Segment, verbose_name=_("клиент после"), on_delete=models.CASCADE, related_name="+"
    )
    # The operator's phrase start: where the player plays from.
    at = models.FloatField(_("момент, с"))
    # Irritation before minus after (calming, > 0) or after minus before (escalation, > 0).
    change = models.FloatField(_("изменение раздражения"))

    objects = TurningPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("поворот разговора")
        verbose_name_plural = _("повороты разговора")
        ordering = ("call", "at")

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind} @{self.at:g}"

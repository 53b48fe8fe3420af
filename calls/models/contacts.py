"""Repeat contacts and the moment of resolution (issue 19 §1, calls/contacts/).

A ContactLink places each call in its customer's history (Call.customer_key, the phone's keyed
hash, never the number): the customer's previous call, how long before, and what this call is —
the first contact, a transfer or dropped line (within REPEAT_TRANSFER_MINUTES of the previous call,
part of the same contact), or a repeat (within REPEAT_WINDOW_DAYS). `came_back` is kept on the
earlier call: a repeat followed it, so it did not resolve the customer's question at first contact.
Links are written as calls arrive and re-linked around a call that arrives out of order.

A CallResolution is the resolution analyser's output: the moment the operator's answer was
accepted by the customer, or none («без решения»).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Line, Segment, Team
from calls.models.taxonomy import Tag
from project.roles import AnyUser


class ContactLinkQuerySet(models.QuerySet["ContactLink"]):
    def visible_to(self, user: AnyUser) -> ContactLinkQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))

    def repeats(self) -> ContactLinkQuerySet:
        return self.filter(kind=ContactLink.Kind.REPEAT)


class ContactLink(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("первое обращение")
        TRANSFER = "transfer", _("перевод или обрыв")
        REPEAT = "repeat", _("повторное обращение")

    call = models.OneToOneField(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, primary_key=True,
        related_name="contact",
    )
    # The customer's latest earlier call, whatever the gap (None: no earlier call in the archive,
    # a customer calling for the first time).
    previous = models.ForeignKey(
        Call, verbose_name=_("предыдущий звонок клиента"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    gap_seconds = models.FloatField(_("после предыдущего, с"), null=True, blank=True)
    kind = models.CharField(_("обращение"), max_length=10, choices=Kind.choices)
    # The earlier call this one repeats (kind=repeat): `previous`, kept apart so that a query for
    # "the calls that brought customers back" is one index lookup.
    repeat_of = models.ForeignKey(
        Call, verbose_name=_("повтор звонка"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="repeats",
    )
    # A repeat followed this call within the window: not resolved at first contact.
    came_back = models.BooleanField(_("клиент обратился повторно"), default=False)
    # Copied from the call, so that the dashboard's and the reports' counts read one table.
    started_at = models.DateTimeField(_("начало"))
    linked_at = models.DateTimeField(_("связан"), auto_now=True)

    objects = ContactLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("обращение клиента")
        verbose_name_plural = _("обращения клиентов")
        indexes = [
            models.Index(fields=["kind", "started_at"], name="contact_kind_started"),
            models.Index(fields=["came_back", "started_at"], name="contact_back_started"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.kind}"


class CallResolutionQuerySet(models.QuerySet["CallResolution"]):
    def visible_to(self, user: AnyUser) -> CallResolutionQuerySet:
        return self.filter(call__in=Call.objects.visible_to(user))


class CallResolution(models.Model):
    call = models.OneToOneField(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, primary_key=True,
        related_name="resolution",
    )
    analysed_at = models.DateTimeField(_("проанализирован"))
    resolved = models.BooleanField(_("решено"), default=False)
    # Seconds from the call's start to the customer's acceptance; None: «без решения».
    resolved_at = models.FloatField(_("решено на, с"), null=True, blank=True)
    # The operator's answer and the customer's acceptance (the player seeks to the answer).
    answer_segment = models.ForeignKey(
        Segment, verbose_name=_("ответ оператора"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    acceptance_segment = models.ForeignKey(
        Segment, verbose_name=_("согласие клиента"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    acceptance_text = models.CharField(_("слова клиента"), max_length=300, blank=True)
    reasons = models.JSONField(_("почему"), default=list)

    objects = CallResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("момент решения")
        verbose_name_plural = _("моменты решения")

    def __str__(self) -> str:
        return f"{self.call_id}: {self.resolved_at}"


class ContactGoal(models.Model):
    """A manager's target on a figure, e.g. «−15% повторных по тегу X за квартал»."""

    class Metric(models.TextChoices):
        REPEAT_RATE = "repeat_rate", _("доля повторных обращений")
        FCR = "fcr", _("решено с первого обращения")
        HOT_SHARE = "hot_share", _("доля горячих звонков")
        RESOLUTION_TIME = "resolution_time", _("время до решения")
        HANDLING_TIME = "handling_time", _("длительность разговора")

    name = models.CharField(_("название"), max_length=200)
    metric = models.CharField(_("показатель"), max_length=20, choices=Metric.choices)
    # Relative change the manager wants, in percent of the baseline: −15 is «на 15% меньше».
    target_change = models.FloatField(_("цель, % к базе"))
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    line = models.ForeignKey(
        Line, verbose_name=_("линия"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("команда"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    # The goal's period; the baseline is the period of the same length just before it.
    starts_on = models.DateField(_("с"))
    ends_on = models.DateField(_("по"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("поставил"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("поставлена"), auto_now_add=True)

    class Meta:
        verbose_name = _("цель")
        verbose_name_plural = _("цели")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="goal_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

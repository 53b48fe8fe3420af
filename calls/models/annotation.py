"""Annotation campaigns: people tag a sample of calls, blind to each other, to give a reference.

A campaign holds a sample of calls and the annotators assigned to it. Each annotator answers each
call once: the tags that apply, or explicitly that none applies (`none_apply`), which is a label
and not a missing answer. The reference labels of a call are the annotators' majority
(`calls/taxonomy/annotation/reference.py`); agreement, the learner and the review read them.

An import (`import_annotations`) is a campaign too, closed from the start, so that labels from a
file and from the pages are one kind of data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call
from calls.models.taxonomy import Tag
from project.roles import AnyUser


class AnnotationCampaignQuerySet(models.QuerySet["AnnotationCampaign"]):
    def open(self) -> AnnotationCampaignQuerySet:
        return self.filter(status=AnnotationCampaign.Status.OPEN)

    def closed(self) -> AnnotationCampaignQuerySet:
        return self.filter(status=AnnotationCampaign.Status.CLOSED)

    def assigned_to(self, user: AnyUser) -> AnnotationCampaignQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(annotators=user)


class AnnotationCampaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("идёт разметка")
        CLOSED = "closed", _("закрыта")

    class Sampling(models.TextChoices):
        RANDOM = "random", _("случайная выборка")
        LINE = "line", _("поровну по линиям")
        CATEGORY = "category", _("поровну по категориям тегов")
        TAG = "tag", _("поровну по тегам")
        IMPORT = "import", _("импорт из файла")

    name = models.CharField(_("название"), max_length=200, unique=True)
    description = models.TextField(_("описание"), blank=True)
    status = models.CharField(
        _("состояние"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    sampling = models.CharField(
        _("выборка"), max_length=8, choices=Sampling.choices, default=Sampling.RANDOM
    )
    sample_size = models.PositiveIntegerField(_("звонков в выборке"), default=0)
    date_from = models.DateField(_("звонки с"), null=True, blank=True)
    date_to = models.DateField(_("звонки по"), null=True, blank=True)
    annotators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("разметчики"),
        related_name="annotation_campaigns",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто создал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто закрыл"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    # Whether closing wrote the reference labels as the calls' manual tags (or will, on demand).
    labels_applied_at = models.DateTimeField(_("разметка перенесена в теги"), null=True, blank=True)

    objects = AnnotationCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("кампания разметки")
        verbose_name_plural = _("кампании разметки")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CampaignCallQuerySet(models.QuerySet["CampaignCall"]):
    def assigned_to(self, user: AnyUser) -> CampaignCallQuerySet:
        """The items of the campaigns this person annotates: all an annotator may open."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(campaign__annotators=user)


class CampaignCall(models.Model):
    """A call in a campaign's sample, with the stratum it was drawn for."""

    campaign = models.ForeignKey(
        AnnotationCampaign,
        verbose_name=_("кампания"),
        on_delete=models.CASCADE,
        related_name="campaign_calls",
    )
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="campaign_calls"
    )
    stratum = models.CharField(_("группа выборки"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("порядок"), default=0)

    objects = CampaignCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("звонок кампании")
        verbose_name_plural = _("звонки кампании")
        ordering = ["campaign", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "call"], name="campaigncall_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.call_id}"


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def by(self, user: AnyUser) -> AnnotationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(annotator=user)


class Annotation(models.Model):
    """One annotator's answer for one call of a campaign: these tags, or none applies."""

    campaign = models.ForeignKey(
        AnnotationCampaign,
        verbose_name=_("кампания"),
        on_delete=models.CASCADE,
        related_name="annotations",
    )
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="annotations"
    )
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("разметчик"),
        on_delete=models.PROTECT,
        related_name="annotations",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("теги"), related_name="annotations", blank=True
    )
    # An explicit answer: the annotator looked and no tag applies (not the same as not answered).
    none_apply = models.BooleanField(_("ни один тег не подходит"), default=False)
    comment = models.TextField(_("комментарий"), blank=True)
    submitted_at = models.DateTimeField(_("когда"), auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        verbose_name = _("разметка звонка")
        verbose_name_plural = _("разметка звонков")
        ordering = ["campaign", "call", "annotator"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "call", "annotator"], name="annotation_unique_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.call_id}: {self.annotator_id}"


class TieResolution(models.Model):
    """An admin's decision on a tie: half of a call's annotators chose the tag and half did not.

    The majority cannot decide it and chance must not, so the reference leaves it out until an
    admin says whether the tag applies (calls/taxonomy/annotation/reference.py reads these).
    """

    campaign = models.ForeignKey(
        AnnotationCampaign,
        verbose_name=_("кампания"),
        on_delete=models.CASCADE,
        related_name="tie_resolutions",
    )
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(Tag, verbose_name=_("тег"), on_delete=models.CASCADE, related_name="+")
    applies = models.BooleanField(_("тег подходит"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("решение по ничьей")
        verbose_name_plural = _("решения по ничьим")
        ordering = ["campaign", "call", "tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "call", "tag"], name="tieresolution_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.call_id}: {self.tag_id} = {self.applies}"

"""The objection library: ObjectionTheme → Objection (trigger phrases) → ResponseBlock.

Objections and blocks are never deleted once used: they are retired, so the hits, events and
metrics of the archive keep their meaning. Every change to an objection or a block is kept with
who and when (django-simple-history), and the editor restores any version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call, PhraseBase, phrase_constraints


class ObjectionTheme(models.Model):
    name = models.CharField(_("тема"), max_length=200, unique=True)
    description = models.TextField(_("описание"), blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("тема возражений")
        verbose_name_plural = _("темы возражений")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ObjectionQuerySet(models.QuerySet["Objection"]):
    def active(self) -> ObjectionQuerySet:
        return self.filter(status=Objection.Status.ACTIVE)


class Objection(models.Model):
    class Status(models.TextChoices):
        # A draft comes from an accepted review suggestion: it is found in no call until a
        # trainer activates it.
        DRAFT = "draft", _("черновик")
        ACTIVE = "active", _("действует")
        RETIRED = "retired", _("выведено")

    # Imports, exports, the sidebar API and CRM integrations name an objection by its code.
    code = models.SlugField(_("код"), max_length=100, unique=True)
    theme = models.ForeignKey(
        ObjectionTheme, verbose_name=_("тема"), on_delete=models.PROTECT,
        related_name="objections",
    )
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    status = models.CharField(
        _("состояние"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("история возражения"))

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("возражение")
        verbose_name_plural = _("возражения")
        ordering = ["theme__order", "theme__name", "name"]

    def __str__(self) -> str:
        return self.name


class ObjectionPhraseQuerySet(models.QuerySet["ObjectionPhrase"]):
    def active(self) -> ObjectionPhraseQuerySet:
        """The phrases the analyser and the sidebar use: active phrases of active objections."""
        return self.filter(is_active=True, objection__status=Objection.Status.ACTIVE)


class ObjectionPhrase(PhraseBase):
    """A trigger: what a customer says when raising the objection (customer speaker by default)."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("возражение"), on_delete=models.CASCADE, related_name="phrases"
    )
    history = HistoricalRecords(verbose_name=_("история фразы"))

    objects = ObjectionPhraseQuerySet.as_manager()

    class Meta:
        verbose_name = _("фраза возражения")
        verbose_name_plural = _("фразы возражений")
        ordering = ["objection", "id"]
        constraints = phrase_constraints(owner="objection", prefix="objectionphrase")


class ResponseBlockQuerySet(models.QuerySet["ResponseBlock"]):
    def active(self) -> ResponseBlockQuerySet:
        return self.filter(is_active=True)


class ResponseBlock(models.Model):
    """One piece of an answer; the operator assembles one of each kind, in this order."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("признать чувство")
        ARGUMENT = "argument", _("короткий аргумент")
        QUESTION = "question", _("открытый вопрос")

    class Source(models.TextChoices):
        EDITOR = "editor", _("редактор")
        IMPORT = "import", _("импорт")
        REVIEW = "review", _("ежемесячный обзор")

    objection = models.ForeignKey(
        Objection, verbose_name=_("возражение"), on_delete=models.CASCADE, related_name="blocks"
    )
    kind = models.CharField(_("вид"), max_length=11, choices=Kind.choices)
    text = models.TextField(_("текст"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    source = models.CharField(
        _("откуда"), max_length=6, choices=Source.choices, default=Source.EDITOR
    )
    is_active = models.BooleanField(_("действует"), default=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("история блока"))

    objects = ResponseBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("блок ответа")
        verbose_name_plural = _("блоки ответа")
        ordering = ["objection", "kind", "order", "id"]
        indexes = [models.Index(fields=["objection", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ExemplarDialog(models.Model):
    """A moment of a real call worth listening to, linked to the objections it shows."""

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="+"
    )
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    note = models.TextField(_("заметка"), blank=True)
    objections = models.ManyToManyField(
        Objection, verbose_name=_("возражения"), related_name="exemplars", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто добавил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("образцовый диалог")
        verbose_name_plural = _("образцовые диалоги")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=models.F("start")),
                name="exemplar_time_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.start:.0f}–{self.end:.0f} с"

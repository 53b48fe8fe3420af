"""The tag taxonomy (TagCategory → Tag → KeyPhrase) and the tags calls get, with evidence.

A call can carry the same tag twice, once per source: the auto tag is what the phrases found (with
evidence) and is replaced on every re-analysis; the manual tag is a person's judgement and
survives re-analysis. Keeping both rows, instead of letting one overwrite the other, means a
phrase change can never erase a person's work, and a person adding a tag the phrases already
found still records that somebody confirmed it. A person may also remove a tag the phrases
found; CallTagChange logs who added or removed what, and a removal keeps re-analysis from putting
the tag back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models.calls import Call, Segment
from calls.models.phrases import PhraseBase, phrase_constraints
from project.roles import AnyUser

# The QuerySets live beside their models so that they can name the choices (CallTag.Source.AUTO)
# instead of repeating their values as strings.


class TagQuerySet(models.QuerySet["Tag"]):
    def active(self) -> TagQuerySet:
        return self.filter(is_active=True)


class KeyPhraseQuerySet(models.QuerySet["KeyPhrase"]):
    def active(self) -> KeyPhraseQuerySet:
        """The phrases auto-tagging uses: active phrases of active tags."""
        return self.filter(is_active=True, tag__is_active=True)


class CallTagQuerySet(models.QuerySet["CallTag"]):
    def visible_to(self, user: AnyUser) -> CallTagQuerySet:
        """Tags of the calls this user may see (an operator: own calls only)."""
        return self.filter(call__in=Call.objects.visible_to(user))

    def auto(self) -> CallTagQuerySet:
        return self.filter(source=CallTag.Source.AUTO)

    def manual(self) -> CallTagQuerySet:
        return self.filter(source=CallTag.Source.MANUAL)

    def learned(self) -> CallTagQuerySet:
        return self.filter(source=CallTag.Source.MODEL)


class TagEvidenceQuerySet(models.QuerySet["TagEvidence"]):
    def visible_to(self, user: AnyUser) -> TagEvidenceQuerySet:
        return self.filter(call_tag__call__in=Call.objects.visible_to(user))


class TagCategory(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    description = models.TextField(_("описание"), blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    # Top problems, the review's new-topic mining and the reports count only problem categories:
    # «Благодарность» is a topic customers raise, not a problem to fix.
    is_problem = models.BooleanField(
        _("проблемы"), default=True,
        help_text=_("Теги этой категории — проблемы клиентов: они попадают в «Главные проблемы»."),
    )

    class Meta:
        verbose_name = _("категория тегов")
        verbose_name_plural = _("категории тегов")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    # Exports, API URLs and analysts' spreadsheets refer to a tag by its code, so it never changes.
    code = models.SlugField(_("код"), max_length=100, unique=True)
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(
        _("описание"), blank=True, help_text=_("Что считается этим тегом: подсказка разметчикам.")
    )
    category = models.ForeignKey(
        TagCategory, verbose_name=_("категория"), on_delete=models.PROTECT, related_name="tags"
    )
    is_active = models.BooleanField(_("действует"), default=True)
    activated_on = models.DateField(_("действует с"), null=True, blank=True)
    retired_on = models.DateField(_("выведен из работы"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("тег")
        verbose_name_plural = _("теги")
        ordering = ["category__order", "category__name", "name"]

    def __str__(self) -> str:
        return self.name


class KeyPhrase(PhraseBase):
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.CASCADE, related_name="phrases"
    )

    objects = KeyPhraseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ключевая фраза")
        verbose_name_plural = _("ключевые фразы")
        ordering = ["tag", "id"]
        constraints = phrase_constraints(owner="tag", prefix="keyphrase")


class CallTag(models.Model):
    class Source(models.TextChoices):
        AUTO = "auto", _("по фразам")
        MANUAL = "manual", _("вручную")
        # Proposed by a model learned from people's labels (calls/taxonomy/learning/).
        MODEL = "model", _("по модели")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="call_tags"
    )
    # Tags with history are retired, not deleted: PROTECT keeps the archive's tags meaningful.
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.PROTECT, related_name="call_tags"
    )
    source = models.CharField(_("источник"), max_length=6, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто поставил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("когда"), default=timezone.now)
    # A learned model's tags only: how sure it is (0–1) and what weighed most, each reason a dict
    # with the words and, where they came from a moment, its segment and time.
    confidence = models.FloatField(_("уверенность"), null=True, blank=True)
    reasons = models.JSONField(_("причины"), default=list, blank=True)

    objects = CallTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("тег звонка")
        verbose_name_plural = _("теги звонков")
        ordering = ["call", "tag", "source"]
        constraints = [
            models.UniqueConstraint(fields=["call", "tag", "source"], name="calltag_unique_source"),
        ]
        indexes = [models.Index(fields=["tag", "call"])]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.tag_id} ({self.source})"


class TagEvidence(models.Model):
    """One phrase match behind an auto tag: the segment, the words and their time."""

    call_tag = models.ForeignKey(
        CallTag, verbose_name=_("тег звонка"), on_delete=models.CASCADE, related_name="evidence"
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("реплика"), on_delete=models.CASCADE, related_name="+"
    )
    # The phrase may be deleted later; the matched text still shows what was heard.
    phrase = models.ForeignKey(
        KeyPhrase, verbose_name=_("фраза"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    token_start = models.PositiveIntegerField(_("первое слово"))
    token_end = models.PositiveIntegerField(_("последнее слово"))
    char_start = models.PositiveIntegerField(_("начало в тексте"))
    char_end = models.PositiveIntegerField(_("конец в тексте"))
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    text = models.CharField(_("найденный текст"), max_length=500)

    objects = TagEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("доказательство тега")
        verbose_name_plural = _("доказательства тегов")
        ordering = ["call_tag", "start", "id"]

    def __str__(self) -> str:
        return f"{self.text} @ {self.start:.1f}"


class CallTagChangeQuerySet(models.QuerySet["CallTagChange"]):
    def removed_pairs(self, call_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(call id, tag id) of the tags a person removed from these calls and nobody added
        back since: the latest change of each pair is a removal. One query."""
        latest: dict[tuple[int, int], str] = {}
        changes = (self.filter(call_id__in=list(call_ids)).order_by("at", "id")
                   .values_list("call_id", "tag_id", "action"))
        for call_id, tag_id, action in changes:
            latest[(call_id, tag_id)] = action
        return {pair for pair, action in latest.items() if action == CallTagChange.Action.REMOVED}


class CallTagChange(models.Model):
    """A person added or removed a tag on a call: who and when, shown on the call page.

    The log is also the memory of a removal: a tag a person removed — found by the phrases or
    not — is not put back by the tags analyser until a person adds it again (a re-analysis must
    not undo a person's judgement, as it never touches manual tags).
    """

    class Action(models.TextChoices):
        ADDED = "added", _("добавлен вручную")
        REMOVED = "removed", _("снят вручную")

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="tag_changes"
    )
    # A tag is deleted only when no call carries it; its log goes with it.
    tag = models.ForeignKey(
        Tag, verbose_name=_("тег"), on_delete=models.CASCADE, related_name="call_tag_changes"
    )
    action = models.CharField(_("действие"), max_length=7, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)

    objects = CallTagChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ручное изменение тега")
        verbose_name_plural = _("ручные изменения тегов")
        ordering = ["call", "at", "id"]
        indexes = [models.Index(fields=["call", "tag", "at"])]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.tag_id} {self.action}"

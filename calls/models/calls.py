"""Calls, their speakers and transcripts: the base every other app reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.roles import sees_all_calls
from project.roles import AnyUser, Role, has_role, roles_of

# The QuerySets live beside their models so that they can name the choices (Call.Status.QUEUED)
# instead of repeating their values as strings.


class OperatorQuerySet(models.QuerySet["Operator"]):
    def visible_to(self, user: AnyUser) -> OperatorQuerySet:
        if sees_all_calls(user):
            return self
        condition = Q(pk__in=[])
        if has_role(user, Role.MANAGER):
            condition |= Q(team__manager=user)
        if has_role(user, Role.OPERATOR):
            condition |= Q(user=user)
        return self.filter(condition)


class CallQuerySet(models.QuerySet["Call"]):
    def visible_to(self, user: AnyUser) -> CallQuerySet:
        """Operators see their own calls, managers their teams', trainers and admins all, a
        department's members the calls sent to it."""
        if not roles_of(user):
            return self.none()
        if sees_all_calls(user):
            return self
        condition = Q(pk__in=[])
        if has_role(user, Role.MANAGER):
            condition |= Q(operator__team__manager=user)
        if has_role(user, Role.OPERATOR):
            condition |= Q(operator__user=user)
        if has_role(user, Role.DEPARTMENT):
            # Exactly the calls sent to the person's departments (calls/departments/).
            from calls.models.departments import CallShare

            shared = CallShare.objects.filter(department__members__pk=user.pk or 0)
            condition |= Q(pk__in=shared.values("call_id"))
        return self.filter(condition)

    def awaiting_transcription(self) -> CallQuerySet:
        return self.filter(status__in=[Call.Status.RECEIVED, Call.Status.QUEUED]).exclude(audio="")

    def stuck(self, *, now: datetime, older_than: timedelta) -> CallQuerySet:
        """Calls claimed by a worker that has not finished within the task timeout: it died."""
        return self.filter(status=Call.Status.TRANSCRIBING, claimed_at__lt=now - older_than)


class Team(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("руководитель"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_teams",
    )

    class Meta:
        verbose_name = _("команда")
        verbose_name_plural = _("команды")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Operator(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operator",
    )
    # The id the telephony or CRM knows the operator by; imports match operators on it.
    code = models.CharField(_("код"), max_length=100, unique=True)
    display_name = models.CharField(_("имя"), max_length=200)
    team = models.ForeignKey(
        Team,
        verbose_name=_("команда"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operators",
    )
    hired_on = models.DateField(_("дата найма"), null=True, blank=True)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("оператор")
        verbose_name_plural = _("операторы")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def tenure_days(self, on: date | None = None) -> int | None:
        if self.hired_on is None:
            return None
        return ((on or timezone.localdate()) - self.hired_on).days


class Line(models.Model):
    """A queue of the contact center; it says which stereo channel carries the operator."""

    class Channel(models.TextChoices):
        LEFT = "left", _("левый")
        RIGHT = "right", _("правый")

    code = models.SlugField(_("код"), max_length=100, unique=True)
    name = models.CharField(_("название"), max_length=200)
    operator_channel = models.CharField(
        _("канал оператора"), max_length=5, choices=Channel.choices, default=Channel.LEFT
    )
    # Personal data found in the transcript is silenced in the recording too (docs/redaction.md).
    redact_audio = models.BooleanField(
        _("глушить персональные данные в записи"), default=True,
        help_text=_("Номера карт, телефоны и другие скрытые в расшифровке данные заглушаются "
                    "и в записи разговора."),
    )
    # The line's own words (LineTerm) bias the recognizer only while this is on; switching it
    # off keeps the list (docs/line-vocabulary.md).
    vocabulary_to_decoder = models.BooleanField(
        _("подсказывать словарь распознаванию"), default=True,
        help_text=_("Слова словаря линии передаются распознаванию её новых звонков. "
                    "Выключите, чтобы сохранить список, но не подсказывать его."),
    )

    class Meta:
        verbose_name = _("линия")
        verbose_name_plural = _("линии")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Longer file names are cut (keeping their extension) when they come in.
ORIGINAL_NAME_MAX_LENGTH = 255


class Speaker(models.TextChoices):
    OPERATOR = "operator", _("оператор")
    CUSTOMER = "customer", _("клиент")
    UNKNOWN = "unknown", _("не определён")


class Call(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "inbound", _("входящий")
        OUTBOUND = "outbound", _("исходящий")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("решён")
        UNRESOLVED = "unresolved", _("не решён")
        SALE = "sale", _("продажа")
        NO_SALE = "no_sale", _("без продажи")
        UNKNOWN = "unknown", _("неизвестно")

    class Status(models.TextChoices):
        RECEIVED = "received", _("получен")
        QUEUED = "queued", _("в очереди")
        TRANSCRIBING = "transcribing", _("распознаётся")
        TRANSCRIBED = "transcribed", _("распознан")
        ANALYSED = "analysed", _("проанализирован")
        FAILED = "failed", _("ошибка")

    class ChannelLayout(models.TextChoices):
        MONO = "mono", _("моно")
        STEREO = "stereo", _("стерео")

    class Source(models.TextChoices):
        API = "api", _("API")
        ADMIN = "admin", _("админка")
        PAGE = "page", _("страница загрузки")
        IMPORT = "import", _("импорт записей")
        TRANSCRIPT = "transcript", _("импорт транскриптов")

    external_id = models.CharField(_("внешний ID"), max_length=200, unique=True)
    # The recording's file name as it came in (cleaned: calls/file_names.py): what people call the
    # call by. Empty for imported transcripts (no file) and for calls stored before it was kept.
    original_name = models.CharField(
        _("имя файла"), max_length=ORIGINAL_NAME_MAX_LENGTH, blank=True
    )
    line = models.ForeignKey(
        Line, verbose_name=_("линия"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="calls",
    )
    direction = models.CharField(
        _("направление"), max_length=10, choices=Direction.choices, default=Direction.INBOUND
    )
    started_at = models.DateTimeField(_("начало"), db_index=True)
    duration = models.FloatField(_("длительность, с"), default=0)
    operator = models.ForeignKey(
        Operator, verbose_name=_("оператор"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="calls",
    )
    customer_key = models.CharField(_("ключ клиента"), max_length=64, blank=True, db_index=True)
    customer_phone_masked = models.CharField(_("телефон клиента"), max_length=32, blank=True)
    outcome = models.CharField(
        _("итог"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    audio = models.FileField(_("запись"), upload_to="calls/%Y/%m/%d/", blank=True)
    audio_format = models.CharField(_("формат"), max_length=50, blank=True)
    audio_codec = models.CharField(_("кодек"), max_length=50, blank=True)
    sample_rate = models.PositiveIntegerField(_("частота, Гц"), null=True, blank=True)
    channel_layout = models.CharField(
        _("каналы"), max_length=6, choices=ChannelLayout.choices, default=ChannelLayout.MONO
    )
    # Who speaks in a mono recording, when the telephony knows (e.g. an operator-side recording).
    mono_speaker = models.CharField(
        _("говорящий в моно-записи"), max_length=10, choices=Speaker.choices,
        default=Speaker.UNKNOWN,
    )
    # NULL, not "", for calls without audio (imported transcripts): the unique constraint skips it.
    checksum = models.CharField(  # noqa: DJ001
        _("SHA-256 записи"), max_length=64, null=True, blank=True
    )
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("статус"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    failure_reason = models.TextField(_("причина ошибки"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток распознавания"), default=0)
    queued_at = models.DateTimeField(_("поставлен в очередь"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("взят в работу"), null=True, blank=True)
    claimed_by = models.CharField(_("кем взят"), max_length=200, blank=True)
    # Renewed by the worker while it transcribes: a claim whose heartbeat stops is dead in seconds,
    # not after TRANSCRIBE_TIMEOUT.
    heartbeat_at = models.DateTimeField(_("последний сигнал обработчика"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    transcribed_at = models.DateTimeField(_("распознан"), null=True, blank=True)
    analysed_at = models.DateTimeField(_("проанализирован"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("звонок")
        verbose_name_plural = _("звонки")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checksum"],
                condition=Q(checksum__isnull=False),
                name="call_unique_checksum",
            ),
        ]
        indexes = [
            models.Index(fields=["operator", "started_at"]),
            # Top problems and co-occurrence count the analysed calls of a period (and a line):
            # this index answers "which calls" alone, without reading each call's wide row
            # (tests/benchmarks/bench_taxonomy_scale.py: 464 → 9 ms for 100,000 calls).
            models.Index(fields=["status", "started_at", "line"], name="call_status_started_line"),
        ]

    def __str__(self) -> str:
        # The unique id, not the title: two recordings may share a file name, and code keys by it.
        return self.external_id

    @property
    def title(self) -> str:
        """What a person calls this call by: its file name, else the id the telephony gave it."""
        return self.original_name or self.external_id

    @property
    def is_stereo(self) -> bool:
        return self.channel_layout == self.ChannelLayout.STEREO

    def operator_channel_index(self) -> int:
        if self.line is not None and self.line.operator_channel == Line.Channel.RIGHT:
            return 1
        return 0


class Segment(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="segments"
    )
    index = models.PositiveIntegerField(_("номер"))
    speaker = models.CharField(_("говорит"), max_length=10, choices=Speaker.choices)
    start = models.FloatField(_("начало, с"))
    end = models.FloatField(_("конец, с"))
    text = models.TextField(_("текст"))
    # Mean token probability of the recognised text, 0..1; empty for imported transcripts.
    confidence = models.FloatField(_("уверенность"), null=True, blank=True)
    words = models.JSONField(_("слова с временем"), null=True, blank=True)
    # Set when a person corrected the text (calls/corrections/): the recognizer's own text and
    # word timings, kept for the restore and for learning what the recognizer mishears.
    recognized_text = models.TextField(_("текст распознавания"), blank=True)
    recognized_words = models.JSONField(_("слова распознавания"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто исправил"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    corrected_at = models.DateTimeField(_("когда исправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("реплика")
        verbose_name_plural = _("реплики")
        ordering = ["call", "index"]
        constraints = [
            models.UniqueConstraint(fields=["call", "index"], name="segment_unique_index"),
        ]

    def __str__(self) -> str:
        speaker = self.get_speaker_display()
        return f"{self.call_id}#{self.index}: {speaker} {self.start:.1f}–{self.end:.1f}"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None


class CallStatusChange(models.Model):
    """The status history of a call: what happened, when, and why it failed."""

    call = models.ForeignKey(
        Call, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("статус"), max_length=12, choices=Call.Status.choices)
    note = models.TextField(_("примечание"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("смена статуса")
        verbose_name_plural = _("история статусов")
        ordering = ["call", "at", "id"]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.get_status_display()}"


class RejectedUpload(models.Model):
    """A recording that was refused: kept as a record so nothing is dropped silently."""

    source = models.CharField(_("источник"), max_length=10, choices=Call.Source.choices)
    external_id = models.CharField(_("внешний ID"), max_length=200, blank=True)
    filename = models.CharField(_("файл"), max_length=500, blank=True)
    size = models.BigIntegerField(_("размер, байт"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    reason = models.TextField(_("причина"))
    received_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("отклонённая запись")
        verbose_name_plural = _("отклонённые записи")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or self.external_id}: {self.reason}"

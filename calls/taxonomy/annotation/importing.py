"""Labels from a file (`import_annotations`): one call, one annotator, one line.

An import is a campaign like the others, closed from the start and with the sampling «импорт из
файла», so that the reference, agreement and the learner read labels from the pages and from
files alike. One annotator per call: the line's tags are the call's reference directly (an empty
list: no tag applies). Each line is checked whole and written in its own transaction, so a bad
line is refused with its reason and the others are kept; the campaign itself appears with the
first good line, so a file of bad lines leaves nothing behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Annotation, AnnotationCampaign, Call, CampaignCall, Tag
from calls.roles import may_annotate
from calls.taxonomy.annotation.services import NAME_MAX_LENGTH
from calls.taxonomy.services import call_tag_add
from project.errors import DomainError

FIELDS = {"external_id", "id", "annotator", "tags", "comment"}


class AnnotationLineRefused(DomainError):
    code = "annotation_line_refused"


def import_campaign_name(path: Path, today: date) -> str:
    """The default campaign of a file: its name and the day («labels 2026-12-07»)."""
    return f"{path.stem[:180]} {today.isoformat()}"


def import_campaign_check(name: str) -> None:
    """A file may add to an earlier import of the same name, never to a campaign of the pages."""
    if not name or len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("Название кампании — от 1 до %(limit)d символов.") % {"limit": NAME_MAX_LENGTH}
        )
    campaign = AnnotationCampaign.objects.filter(name=name).first()
    if campaign is not None and campaign.sampling != AnnotationCampaign.Sampling.IMPORT:
        raise DomainError(
            _(
                "Кампания «%(name)s» размечается на страницах, а не импортом: укажите другое "
                "имя в --campaign."
            )
            % {"name": name}
        )


def _refuse(message: str, **values: Any) -> AnnotationLineRefused:
    return AnnotationLineRefused(message % values if values else message)


def _call(record: dict[str, Any]) -> Call:
    if ("external_id" in record) == ("id" in record):
        raise _refuse(_("Нужно одно из полей: external_id (строка) или id (число)."))
    if "external_id" in record:
        external_id = record["external_id"]
        if not isinstance(external_id, str) or not external_id.strip():
            raise _refuse(_("external_id должен быть непустой строкой."))
        call = Call.objects.filter(external_id=external_id).first()
        if call is None:
            raise _refuse(_("Звонок с external_id «%(id)s» не найден."), id=external_id[:200])
        return call
    pk = record["id"]
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
        raise _refuse(_("id должен быть целым положительным числом."))
    call = Call.objects.filter(pk=pk).first()
    if call is None:
        raise _refuse(_("Звонок с id %(id)s не найден."), id=pk)
    return call


def _annotator(record: dict[str, Any]) -> User:
    username = record.get("annotator")
    if not isinstance(username, str) or not username.strip():
        raise _refuse(_("annotator должен быть непустой строкой: имя пользователя."))
    user = User.objects.filter(username=username).first()
    if user is None:
        raise _refuse(_("Пользователь «%(name)s» не найден."), name=username[:150])
    if not may_annotate(user):
        raise _refuse(
            _("У пользователя «%(name)s» нет роли разметчика, тренера или администратора."),
            name=username,
        )
    return user


def _tags(record: dict[str, Any]) -> list[Tag]:
    codes = record.get("tags")
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise _refuse(
            _(
                "tags должен быть списком кодов тегов (строк); пустой список — ни один "
                "тег не подходит."
            )
        )
    tags = {tag.code: tag for tag in Tag.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(tags))
    if unknown:
        raise _refuse(_("Нет таких тегов: %(codes)s."), codes=", ".join(unknown)[:500])
    retired = sorted(tag.code for tag in tags.values() if not tag.is_active)
    if retired:
        raise _refuse(_("Теги выведены из работы: %(codes)s."), codes=", ".join(retired))
    return list(tags.values())


def annotation_import_record(*, record: Any, campaign_name: str, apply_labels: bool) -> bool:
    """Import one line's answer into the import campaign `campaign_name` (created with the first
    good line). True when written, False when the same answer was already there;
    AnnotationLineRefused (Russian) when the line cannot be taken. With `apply_labels` the tags
    become the call's manual tags at once, logged as the annotator's."""
    if not isinstance(record, dict):
        raise _refuse(
            _('Строка должна быть объектом JSON: {"external_id": …, "annotator": …, "tags": […]}.')
        )
    extra = sorted(str(name)[:50] for name in set(record) - FIELDS)
    if extra:
        raise _refuse(
            _(
                "Неизвестные поля: %(names)s; допустимы: external_id или id, annotator, "
                "tags, comment."
            ),
            names=", ".join(extra),
        )
    comment = record.get("comment", "")
    if not isinstance(comment, str):
        raise _refuse(_("comment должен быть строкой."))
    call, user, tags = _call(record), _annotator(record), _tags(record)
    with transaction.atomic():
        now = timezone.now()
        campaign, _created = AnnotationCampaign.objects.select_for_update().get_or_create(
            name=campaign_name,
            defaults={
                "status": AnnotationCampaign.Status.CLOSED,
                "sampling": AnnotationCampaign.Sampling.IMPORT,
                "closed_at": now,
                "description": _("Разметка из файла (import_annotations)."),
            },
        )
        if campaign.sampling != AnnotationCampaign.Sampling.IMPORT:
            raise _refuse(
                _("Кампания «%(name)s» размечается на страницах, а не импортом."),
                name=campaign.name,
            )
        earlier = (
            Annotation.objects.filter(campaign=campaign, call=call).prefetch_related("tags").first()
        )
        if earlier is not None:
            if earlier.annotator_id == user.pk and set(earlier.tags.all()) == set(tags):
                return False
            raise _refuse(
                _(
                    "Звонок «%(call)s» уже размечен в этой кампании по-другому (%(who)s): "
                    "у звонка из файла один разметчик."
                ),
                call=call.external_id,
                who=earlier.annotator.get_username(),
            )
        order = campaign.campaign_calls.count() + 1
        CampaignCall.objects.create(campaign=campaign, call=call, order=order)
        campaign.annotators.add(user)
        annotation = Annotation.objects.create(
            campaign=campaign,
            call=call,
            annotator=user,
            none_apply=not tags,
            comment=comment.strip(),
        )
        annotation.tags.set(tags)
        campaign.sample_size = order
        fields = ["sample_size"]
        if apply_labels:
            for tag in tags:
                call_tag_add(call=call, tag=tag, user=user)
            campaign.labels_applied_at = now
            fields.append("labels_applied_at")
        campaign.save(update_fields=fields)
    return True

"""The annotation API under /api/v1/taxonomy/annotation/: admins' campaigns (list, create, detail,
close, apply, ties) and an annotator's items (list, read, PUT of the answer). The same services,
roles and blindness as the pages: an item carries the call's transcript and the annotator's own
answer, never the call's tags or another annotator's answer; a campaign's labels appear in its
detail only once it is closed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import AnnotationCampaign, CampaignCall, Tag
from calls.taxonomy.annotation.queries import (
    QueueItem,
    active_tags_by_category,
    annotator_items,
    answers_by_call,
    campaign_answers,
    campaign_progress,
    open_ties,
    own_answer,
)
from calls.taxonomy.annotation.services import (
    MAX_SAMPLE_SIZE,
    annotation_save,
    campaign_close,
    campaign_create,
    labels_apply,
    tie_resolve,
)
from project.api_inputs import JsonInput
from project.api_parsers import JsonParser
from project.api_schema import error_response
from project.roles import Role, has_role

ANNOTATING = "calls.change_annotation"
ANSWER_ERRORS = {
    400: error_response(
        "invalid, annotation_invalid: неизвестный или выведенный тег, теги "
        "вместе с «ни один тег не подходит», пустой ответ."
    ),
    409: error_response("campaign_conflict: кампания закрыта, ответ больше не меняется."),
}
CAMPAIGN_ERRORS = {
    400: error_response("invalid, annotation_invalid: меньше двух разметчиков, выборка пуста…"),
    409: error_response("campaign_conflict: имя занято, кампания уже закрыта или ещё идёт."),
}


def _person(request: Request) -> User:
    assert isinstance(request.user, User)  # behind the permissions, which need a role
    return request.user


class IsAdmin(permissions.BasePermission):
    message = gettext_lazy("Кампании разметки ведут только администраторы.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, Role.ADMIN)


class MayAnnotate(permissions.BasePermission):
    message = gettext_lazy("Размечать звонки могут разметчики, тренеры и администраторы.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm(ANNOTATING))


# --- Shapes --------------------------------------------------------------------------------------


class ProgressOutput(serializers.Serializer):
    annotator = serializers.CharField(help_text="Имя пользователя разметчика")
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class CampaignOutput(serializers.ModelSerializer):
    # Plain strings in the schema: an enum named «status» is already the calls' own.
    status = serializers.CharField(
        read_only=True, help_text="open — идёт разметка, closed — закрыта"
    )
    sampling = serializers.CharField(
        read_only=True, help_text="random, line, category, tag или import"
    )
    annotators: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = AnnotationCampaign
        fields = [
            "id",
            "name",
            "description",
            "status",
            "sampling",
            "sample_size",
            "date_from",
            "date_to",
            "annotators",
            "created_at",
            "closed_at",
            "labels_applied_at",
            "progress",
        ]

    @extend_schema(responses=ProgressOutput(many=True))
    def get_progress(self, campaign: AnnotationCampaign) -> list[dict[str, Any]]:
        return [
            {"annotator": row.user.get_username(), "answered": row.answered, "total": row.total}
            for row in campaign_progress(campaign)
        ]


class AnswerOutput(serializers.Serializer):
    annotator = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField(), help_text="Коды тегов")
    none_apply = serializers.BooleanField()
    comment = serializers.CharField()


class ReferenceOutput(serializers.Serializer):
    tags = serializers.ListField(
        child=serializers.CharField(), help_text="Коды тегов большинства (и решённых ничьих)"
    )
    ties = serializers.ListField(
        child=serializers.CharField(),
        help_text="Коды тегов с ничьей, ждущих решения администратора",
    )
    annotators = serializers.IntegerField()


class CampaignCallOutput(serializers.Serializer):
    call = serializers.IntegerField(help_text="id звонка")
    order = serializers.IntegerField()
    stratum = serializers.CharField(
        help_text="Группа выборки (линия, категория или тег); пусто, пока кампания идёт"
    )
    answered = serializers.IntegerField(help_text="Сколько разметчиков ответили")
    answers = AnswerOutput(
        many=True, allow_null=True, help_text="Ответы рядом; null, пока кампания идёт"
    )
    reference = ReferenceOutput(allow_null=True, help_text="Эталон; null, пока кампания идёт")


class TieOutput(serializers.Serializer):
    call = serializers.IntegerField()
    tag = serializers.CharField()
    votes = serializers.IntegerField()
    annotators = serializers.IntegerField()


class CampaignDetailOutput(CampaignOutput):
    calls = serializers.SerializerMethodField()
    ties = serializers.SerializerMethodField()

    class Meta(CampaignOutput.Meta):
        fields = [*CampaignOutput.Meta.fields, "calls", "ties"]

    @extend_schema(responses=CampaignCallOutput(many=True))
    def get_calls(self, campaign: AnnotationCampaign) -> list[dict[str, Any]]:
        counts = answers_by_call(campaign)
        if campaign.is_open:
            # Counts only while open: an admin may be an annotator of the campaign too.
            return [
                {
                    "call": item.call_id,
                    "order": item.order,
                    # Not while open: «по тегам» names the tag the phrases found.
                    "stratum": "",
                    "answered": counts.get(item.call_id, 0),
                    "answers": None,
                    "reference": None,
                }
                for item in campaign.campaign_calls.order_by("order")
            ]
        order = dict(campaign.campaign_calls.values_list("call_id", "order"))
        return [
            {
                "call": row.call.pk,
                "order": order.get(row.call.pk, 0),
                "stratum": row.stratum,
                "answered": counts.get(row.call.pk, 0),
                "answers": [
                    {
                        "annotator": answer.annotator.get_username(),
                        "tags": [tag.code for tag in answer.tags],
                        "none_apply": answer.none_apply,
                        "comment": answer.comment,
                    }
                    for answer in row.answers
                    if answer is not None
                ],
                "reference": None
                if row.reference is None
                else {
                    "tags": [tag.code for tag in row.reference_tags],
                    "ties": [tag.code for tag in row.tie_tags],
                    "annotators": row.reference.annotators,
                },
            }
            for row in campaign_answers(campaign)
        ]

    @extend_schema(responses=TieOutput(many=True))
    def get_ties(self, campaign: AnnotationCampaign) -> list[dict[str, Any]]:
        if campaign.is_open:
            return []
        return [
            {
                "call": tie.call.pk,
                "tag": tie.tag.code,
                "votes": tie.votes,
                "annotators": tie.annotators,
            }
            for tie in open_ties(campaign)
        ]


class CampaignInput(JsonInput):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    sample_size = serializers.IntegerField(min_value=1, max_value=MAX_SAMPLE_SIZE)
    sampling = serializers.ChoiceField(
        choices=[
            value
            for value in AnnotationCampaign.Sampling.values
            if value != AnnotationCampaign.Sampling.IMPORT
        ],
        default=AnnotationCampaign.Sampling.RANDOM,
    )
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    annotators = serializers.ListField(
        child=serializers.CharField(max_length=150),
        min_length=2,
        max_length=100,
        help_text="Имена пользователей: разметчики, тренеры или администраторы, не меньше двух",
    )
    seed = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Зерно случайной выборки: та же выборка снова",
    )

    def validate_annotators(self, names: list[str]) -> list[User]:
        people = {user.username: user for user in User.objects.filter(username__in=names)}
        unknown = sorted(set(names) - set(people))
        if unknown:
            raise serializers.ValidationError(
                _("Нет таких пользователей: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return [people[name] for name in dict.fromkeys(names)]


class TieInput(JsonInput):
    tag = serializers.CharField(max_length=100, help_text="Код тега с ничьей")
    applies = serializers.BooleanField(help_text="Подходит ли тег звонку")


class AnnotationSegmentOutput(serializers.Serializer):
    index = serializers.IntegerField()
    speaker = serializers.CharField()
    start = serializers.FloatField()
    end = serializers.FloatField()
    text = serializers.CharField()


class ItemOutput(serializers.Serializer):
    campaign = serializers.IntegerField()
    campaign_name = serializers.CharField()
    campaign_open = serializers.BooleanField()
    call = serializers.IntegerField()
    title = serializers.CharField()
    duration = serializers.FloatField()
    order = serializers.IntegerField()
    answered = serializers.BooleanField()
    url = serializers.CharField(help_text="Страница разметки звонка")


class OwnAnswerOutput(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(), help_text="Коды тегов")
    none_apply = serializers.BooleanField()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ChoiceOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    description = serializers.CharField()


class ItemDetailOutput(ItemOutput):
    choices = ChoiceOutput(
        many=True,
        help_text="Действующие теги, из которых выбирают: код, название, категория, описание",
    )
    audio = serializers.CharField(allow_null=True, help_text="Адрес записи; null, если её нет")
    segments = AnnotationSegmentOutput(many=True)
    answer = OwnAnswerOutput(allow_null=True, help_text="Свой ответ; null, пока его нет")


class AnswerInput(JsonInput):
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=500,
        help_text="Коды подходящих тегов; пустой список — только вместе с none_apply: true",
    )
    none_apply = serializers.BooleanField(
        required=False, default=False, help_text="«Ни один тег не подходит»"
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate_tags(self, codes: list[str]) -> list[Tag]:
        tags = {tag.code: tag for tag in Tag.objects.filter(code__in=codes)}
        unknown = sorted(set(codes) - set(tags))
        if unknown:
            raise serializers.ValidationError(
                _("Нет таких тегов: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return list(tags.values())


# --- Admins --------------------------------------------------------------------------------------


def _campaigns() -> QuerySet[AnnotationCampaign]:
    return AnnotationCampaign.objects.prefetch_related("annotators")


class CampaignListApi(APIView):
    permission_classes = [IsAdmin]
    parser_classes = [JsonParser]

    @extend_schema(responses={200: CampaignOutput(many=True)})
    def get(self, request: Request) -> Response:
        return Response(CampaignOutput(_campaigns(), many=True).data)

    @extend_schema(request=CampaignInput, responses={201: CampaignDetailOutput, **CAMPAIGN_ERRORS})
    def post(self, request: Request) -> Response:
        """Open a campaign with a sample of transcribed calls (random or even by line,
        category or tag)."""
        data = CampaignInput(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = campaign_create(
            created_by=_person(request),
            **data.validated_data,
        )
        return Response(CampaignDetailOutput(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(responses={200: CampaignDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        """A campaign: progress by annotator; once closed, the answers side by side, the
        reference and the ties to decide."""
        return Response(CampaignDetailOutput(get_object_or_404(_campaigns(), pk=pk)).data)


class CampaignCloseApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(request=None, responses={200: CampaignDetailOutput, **CAMPAIGN_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Close: the answers freeze; with ANNOTATION_APPLY_ON_CLOSE the reference becomes the
        calls' manual tags."""
        campaign = get_object_or_404(_campaigns(), pk=pk)
        campaign_close(campaign=campaign, user=_person(request))
        return Response(CampaignDetailOutput(get_object_or_404(_campaigns(), pk=pk)).data)


class CampaignApplyApi(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(request=None, responses={200: CampaignDetailOutput, **CAMPAIGN_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """«Перенести в теги»: the reference of a closed campaign becomes manual tags."""
        labels_apply(campaign=get_object_or_404(_campaigns(), pk=pk), user=_person(request))
        return Response(CampaignDetailOutput(get_object_or_404(_campaigns(), pk=pk)).data)


class CampaignTieApi(APIView):
    permission_classes = [IsAdmin]
    parser_classes = [JsonParser]

    @extend_schema(request=TieInput, responses={200: CampaignDetailOutput, **CAMPAIGN_ERRORS})
    def post(self, request: Request, pk: int, call_pk: int) -> Response:
        """Decide a tie of a closed campaign: whether the tag applies to the call."""
        item = get_object_or_404(
            # By the related pk, not campaign_id: an id past the database's integer range is
            # then an empty result (404), not an OverflowError (500) — schemathesis found it.
            CampaignCall.objects.select_related("campaign", "call"),
            campaign__pk=pk,
            call__pk=call_pk,
        )
        data = TieInput(data=request.data)
        data.is_valid(raise_exception=True)
        tag = Tag.objects.filter(code=data.validated_data["tag"]).first()
        if tag is None:
            raise serializers.ValidationError({"tag": [_("Нет такого тега.")]})
        tie_resolve(
            campaign=item.campaign,
            call=item.call,
            tag=tag,
            applies=data.validated_data["applies"],
            user=_person(request),
        )
        return Response(CampaignDetailOutput(get_object_or_404(_campaigns(), pk=pk)).data)


# --- Annotators ----------------------------------------------------------------------------------


def _item_row(item: QueueItem) -> dict[str, Any]:
    return {
        "campaign": item.campaign.pk,
        "campaign_name": item.campaign.name,
        "campaign_open": item.campaign.is_open,
        "call": item.call.pk,
        "title": item.call.title,
        "duration": item.call.duration,
        "order": item.order,
        "answered": item.answered,
        "url": reverse("taxonomy:annotation:annotate", args=[item.campaign.pk, item.call.pk]),
    }


class ItemListApi(APIView):
    permission_classes = [MayAnnotate]

    @extend_schema(responses={200: ItemOutput(many=True)})
    def get(self, request: Request) -> Response:
        """My calls to annotate: the calls of the open campaigns I am assigned to."""
        return Response([_item_row(item) for item in annotator_items(_person(request))])


class ItemApi(APIView):
    permission_classes = [MayAnnotate]
    parser_classes = [JsonParser]

    def _item(self, request: Request, pk: int, call_pk: int) -> CampaignCall:
        # A campaign the person does not annotate does not exist for them: 404, never 403.
        return get_object_or_404(
            CampaignCall.objects.assigned_to(request.user).select_related("campaign", "call"),
            campaign__pk=pk,
            call__pk=call_pk,
        )

    def _detail(self, request: Request, item: CampaignCall) -> dict[str, Any]:
        campaign, call = item.campaign, item.call
        answer = own_answer(campaign, call, _person(request))
        row = _item_row(
            QueueItem(campaign=campaign, call=call, order=item.order, answered=answer is not None)
        )
        row["audio"] = (
            reverse("taxonomy:annotation:audio", args=[campaign.pk, call.pk])
            if call.audio
            else None
        )
        row["segments"] = [
            {"index": s.index, "speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text}
            for s in call.segments.order_by("index", "start")
        ]
        row["choices"] = [
            {
                "code": tag.code,
                "name": tag.name,
                "category": category.name,
                "description": tag.description,
            }
            for category in active_tags_by_category()
            for tag in category.active  # type: ignore[attr-defined]
        ]
        row["answer"] = (
            None
            if answer is None
            else {
                "tags": sorted(tag.code for tag in answer.tags.all()),
                "none_apply": answer.none_apply,
                "comment": answer.comment,
                "submitted_at": answer.submitted_at,
            }
        )
        return row

    @extend_schema(responses={200: ItemDetailOutput})
    def get(self, request: Request, pk: int, call_pk: int) -> Response:
        """One call to annotate: its transcript and my own answer; never the call's tags or
        another annotator's answer."""
        return Response(
            ItemDetailOutput(self._detail(request, self._item(request, pk, call_pk))).data
        )

    @extend_schema(request=AnswerInput, responses={200: ItemDetailOutput, **ANSWER_ERRORS})
    def put(self, request: Request, pk: int, call_pk: int) -> Response:
        """Save my answer: the tag codes that apply, or `none_apply: true` (not both)."""
        item = self._item(request, pk, call_pk)
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        annotation_save(
            campaign=item.campaign,
            call=item.call,
            annotator=_person(request),
            **data.validated_data,
        )
        return Response(ItemDetailOutput(self._detail(request, item)).data)

"""The taxonomy API (categories, tags, phrases) and the tags of one call; thin views over
calls/taxonomy/services.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.api.taxonomy_serializers import (
    CallTagInput,
    CallTagOutput,
    PhraseCreateInput,
    PhraseFieldsInput,
    PhraseOutput,
    TagCategoryInput,
    TagCategoryOutput,
    TagCreateInput,
    TagOutput,
    TagUpdateInput,
)
from calls.models import Call, CallTag, KeyPhrase, Tag, TagCategory, TagEvidence, WindowKind
from calls.taxonomy.services import (
    call_tag_add,
    call_tag_remove,
    category_create,
    category_delete,
    category_update,
    phrase_create,
    phrase_delete,
    phrase_update,
    tag_create,
    tag_delete,
    tag_update,
)
from project.api_parsers import JsonParser
from project.api_schema import error_response
from project.roles import Role, roles_of

# The taxonomy is written in JSON only: a form or multipart body cannot carry the nested `window`
# (it arrived as the string "null"), and a body that is not JSON is a 415, not an empty PATCH.
JSON_ONLY = [JsonParser]
NAME_TAKEN = error_response("conflict: такое имя или код уже есть.")
PHRASE_ERRORS = {
    400: error_response("invalid — ошибка в полях; phrase_invalid — движок не может разобрать "
                        "фразу (нет ни одного слова, неизвестное окно…)."),
    409: error_response("conflict: у тега уже есть такая фраза для этого говорящего."),
}


class ModelRolePermission(permissions.DjangoModelPermissions):
    """Reads for anyone with a role but annotators (the taxonomy is everyone's vocabulary);
    writes need the model's Django permission, which only admins have (calls/roles.py)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            # Not someone who only annotates: they see their campaigns' calls and the tags to
            # choose from there, and no phrase that would tell them what the machine looks for.
            return bool(roles_of(request.user) - {Role.ANNOTATOR})
        return super().has_permission(request, view)


def _window_fields(window: dict[str, Any] | None) -> dict[str, Any]:
    if not window:
        return {"window_kind": WindowKind.NONE, "window_seconds": None}
    return {"window_kind": window["kind"], "window_seconds": window["seconds"]}


# --- Categories ----------------------------------------------------------------------------------


class TagCategoryListApi(generics.ListAPIView):
    queryset = TagCategory.objects.all()
    serializer_class = TagCategoryOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY

    @extend_schema(request=TagCategoryInput, responses={201: TagCategoryOutput, 409: NAME_TAKEN})
    def post(self, request: Request) -> Response:
        data = TagCategoryInput(data=request.data)
        data.is_valid(raise_exception=True)
        category = category_create(**data.validated_data)
        return Response(TagCategoryOutput(category).data, status=status.HTTP_201_CREATED)


class TagCategoryDetailApi(generics.RetrieveAPIView):
    queryset = TagCategory.objects.all()
    serializer_class = TagCategoryOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY

    @extend_schema(request=TagCategoryInput(partial=True),
                   responses={200: TagCategoryOutput, 409: NAME_TAKEN})
    def patch(self, request: Request, pk: int) -> Response:
        category = self.get_object()
        data = TagCategoryInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {"name": category.name, "description": category.description,
                  "order": category.order, "is_problem": category.is_problem,
                  **data.validated_data}
        category_update(category=category, **fields)
        return Response(TagCategoryOutput(category).data)

    @extend_schema(responses={204: None, 409: error_response(
        "tag_in_use: в категории есть теги; сначала перенесите или удалите их.")})
    def delete(self, request: Request, pk: int) -> Response:
        category_delete(category=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Tags ----------------------------------------------------------------------------------------


def _tags() -> QuerySet[Tag]:
    return Tag.objects.select_related("category").prefetch_related(
        Prefetch("phrases", queryset=KeyPhrase.objects.order_by("id"))
    )


class TagListApi(generics.ListAPIView):
    serializer_class = TagOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY
    queryset = Tag.objects.none()

    def get_queryset(self) -> QuerySet[Tag]:
        return _tags()

    @extend_schema(request=TagCreateInput, responses={201: TagOutput, 409: NAME_TAKEN})
    def post(self, request: Request) -> Response:
        data = TagCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tag = tag_create(**data.validated_data)
        return Response(TagOutput(_tags().get(pk=tag.pk)).data, status=status.HTTP_201_CREATED)


class TagDetailApi(generics.RetrieveAPIView):
    serializer_class = TagOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY
    lookup_field = "code"
    queryset = Tag.objects.none()

    def get_queryset(self) -> QuerySet[Tag]:
        return _tags()

    @extend_schema(request=TagUpdateInput, responses={200: TagOutput})
    def patch(self, request: Request, code: str) -> Response:
        """Change a tag; `is_active: false` retires it (its code and history stay)."""
        tag = self.get_object()
        data = TagUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {"name": tag.name, "description": tag.description, "category": tag.category,
                  "is_active": None, **data.validated_data}
        tag_update(tag=tag, **fields)
        return Response(TagOutput(_tags().get(pk=tag.pk)).data)

    @extend_schema(responses={204: None, 409: error_response(
        "tag_in_use: тег стоит на звонках; выведите его из работы (PATCH is_active: false).")})
    def delete(self, request: Request, code: str) -> Response:
        """Delete a tag no call carries; a tag in use is retired instead (PATCH is_active)."""
        tag_delete(tag=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Phrases -------------------------------------------------------------------------------------


class PhraseListApi(generics.ListAPIView):
    serializer_class = PhraseOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY
    queryset = KeyPhrase.objects.none()

    def get_queryset(self) -> QuerySet[KeyPhrase]:
        phrases = KeyPhrase.objects.select_related("tag").order_by("tag__code", "id")
        code = self.request.query_params.get("tag")
        return phrases.filter(tag__code=code) if code else phrases

    @extend_schema(parameters=[OpenApiParameter("tag", str, description="Код тега")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PhraseCreateInput, responses={201: PhraseOutput, **PHRASE_ERRORS})
    def post(self, request: Request) -> Response:
        """Add a phrase; a phrase the engine cannot compile is a 400 `phrase_invalid`."""
        data = PhraseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        window = fields.pop("window")
        phrase = phrase_create(**fields, **_window_fields(window))
        return Response(PhraseOutput(phrase).data, status=status.HTTP_201_CREATED)


class PhraseDetailApi(generics.RetrieveAPIView):
    serializer_class = PhraseOutput
    permission_classes = [ModelRolePermission]
    parser_classes = JSON_ONLY
    queryset = KeyPhrase.objects.select_related("tag")

    @extend_schema(request=PhraseFieldsInput(partial=True),
                   responses={200: PhraseOutput, **PHRASE_ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        phrase = self.get_object()
        data = PhraseFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields: dict[str, Any] = {
            "text": phrase.text, "speaker": phrase.speaker, "max_gap": phrase.max_gap,
            "window_kind": phrase.window_kind, "window_seconds": phrase.window_seconds,
            "is_active": phrase.is_active,
        }
        changes = dict(data.validated_data)
        if "window" in changes:
            fields.update(_window_fields(changes.pop("window")))
        fields.update(changes)
        phrase_update(phrase=phrase, **fields)
        return Response(PhraseOutput(phrase).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        phrase_delete(phrase=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Tags of a call ------------------------------------------------------------------------------


class CallTagPermission(permissions.BasePermission):
    """Whoever may see the call reads its tags (the view 404s otherwise); adding and removing
    needs the permission: trainers and admins, as on the call page (calls/roles.py)."""

    message = _("Недостаточно прав для этого действия.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            # Not someone who only annotates: they see their campaigns' calls and the tags to
            # choose from there, and no phrase that would tell them what the machine looks for.
            return bool(roles_of(request.user) - {Role.ANNOTATOR})
        needed = {"POST": "calls.add_calltag", "DELETE": "calls.delete_calltag"}.get(
            request.method or "")
        return bool(needed and request.user.has_perm(needed))


def _visible_call(request: Request, pk: int) -> Call:
    # A call the user may not see does not exist for them: 404, never 403.
    return get_object_or_404(Call.objects.visible_to(request.user), pk=pk)


def call_tags_for_api(call: Call) -> QuerySet[CallTag]:
    evidence = TagEvidence.objects.select_related("segment", "phrase").order_by("start", "id")
    return (
        CallTag.objects.filter(call=call)
        .select_related("tag__category", "created_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("tag__category__order", "tag__name", "source")
    )


class CallTagsApi(APIView):
    permission_classes = [permissions.IsAuthenticated, CallTagPermission]
    parser_classes = JSON_ONLY

    @extend_schema(responses={200: CallTagOutput(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        """The call's tags with their evidence; a tag may appear twice (auto and manual)."""
        call = _visible_call(request, pk)
        return Response(CallTagOutput(call_tags_for_api(call), many=True).data)

    @extend_schema(request=CallTagInput, responses={
        201: CallTagOutput, 200: CallTagOutput,
        409: error_response("conflict: тег выведен из работы."),
    })
    def post(self, request: Request, pk: int) -> Response:
        """Tag the call by hand (source "manual"); repeating it changes nothing (200)."""
        call = _visible_call(request, pk)
        data = CallTagInput(data=request.data)
        data.is_valid(raise_exception=True)
        call_tag, created = call_tag_add(call=call, tag=data.validated_data["tag"],
                                         user=request.user)  # type: ignore[arg-type]
        return Response(
            CallTagOutput(call_tags_for_api(call).get(pk=call_tag.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CallTagDeleteApi(APIView):
    permission_classes = [permissions.IsAuthenticated, CallTagPermission]

    @extend_schema(responses={204: None, 404: error_response(
        "not_found: нет такого звонка, тега или тега на звонке.")})
    def delete(self, request: Request, pk: int, code: str) -> Response:
        """Remove the tag from the call, manual or found by the phrases (both rows go). The
        removal is logged, and re-analysis does not put the tag back until someone adds it."""
        call = _visible_call(request, pk)
        tag = get_object_or_404(Tag, code=code)
        if not call_tag_remove(call=call, tag=tag, user=request.user):  # type: ignore[arg-type]
            return Response(
                {"error": {"code": "not_found", "message": _("У звонка нет такого тега."),
                           "details": None}},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

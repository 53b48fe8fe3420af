"""The calls API: thin views over the ingestion and pipeline services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.api.serializers import CallDetailOutput, CallOutput, CallUploadInput
from calls.filters import CallApiFilter
from calls.ingestion import CallMetadata, call_ingest_audio, may_create_missing
from calls.models import Call
from calls.pipeline import call_retry
from project.api_schema import error_response


class WritePermission(permissions.BasePermission):
    """Reads are open to any signed-in user (the queryset limits what they see); writes need
    the Django permission the view names in `write_permission`."""

    message = _("Недостаточно прав для этого действия.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm(view.write_permission))  # type: ignore[attr-defined]


class DuplicateOfHiddenCall(exceptions.APIException):
    """The upload matches a call the uploader may not see: say only that it is a duplicate,
    since its id or details would reveal someone else's call."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "duplicate"
    default_detail = gettext_lazy(
        "Эта запись уже загружена (совпадает внешний идентификатор или сам файл), но звонок "
        "вам недоступен. Если он нужен вам, обратитесь к администратору."
    )


class CallListCreateApi(generics.ListAPIView):
    """GET: calls this user may see, filtered. POST: upload a recording (multipart)."""

    write_permission = "calls.add_call"
    serializer_class = CallOutput
    filterset_class = CallApiFilter
    permission_classes = [permissions.IsAuthenticated, WritePermission]
    # Multipart only: a url-encoded form cannot carry the recording, so the schema offered a
    # request type that could never succeed.
    parser_classes = [MultiPartParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Call.objects.visible_to(self.request.user).select_related("operator", "line")

    @extend_schema(request=CallUploadInput, responses={
        201: CallOutput, 200: CallOutput,
        409: error_response(
            "duplicate: " + str(DuplicateOfHiddenCall.default_detail)
            + " (загрузка того, что вам видно, отвечает 200 с этим звонком)."
        ),
    })
    def post(self, request: Request) -> Response:
        data = CallUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if fields["create_missing"] and not may_create_missing(request.user):
            raise exceptions.PermissionDenied(
                _("Создавать новых операторов и линии при загрузке может только администратор. "
                  "Уберите create_missing или попросите администратора завести коды.")
            )
        upload = fields["audio"]
        result = call_ingest_audio(
            audio=upload,
            filename=upload.name or "",
            metadata=CallMetadata(
                external_id=fields.get("external_id", ""),
                original_name=fields.get("original_name", ""),
                line=fields.get("line", ""),
                direction=fields["direction"],
                started_at=fields.get("started_at"),
                operator=fields.get("operator", ""),
                customer_phone=fields.get("customer_phone", ""),
                outcome=fields["outcome"],
                mono_speaker=fields["mono_speaker"],
            ),
            source=Call.Source.API,
            create_missing=fields["create_missing"],
            uploader=request.user,
        )
        if not result.created and not Call.objects.visible_to(request.user).filter(
            pk=result.call.pk
        ).exists():
            raise DuplicateOfHiddenCall()
        return Response(
            CallOutput(result.call, context={"request": request}).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class CallDetailApi(generics.RetrieveAPIView):
    serializer_class = CallDetailOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            Call.objects.visible_to(self.request.user)
            .select_related("operator", "line")
            .prefetch_related("segments", "status_changes")
        )


class CallRetryApi(APIView):
    write_permission = "calls.change_call"
    permission_classes = [permissions.IsAuthenticated, WritePermission]

    @extend_schema(request=None, responses={
        202: CallOutput,
        409: error_response("not_retryable: повторить можно только звонок с ошибкой, у которого "
                            "есть запись или транскрипт."),
    })
    def post(self, request: Request, pk: int) -> Response:
        call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
        call_retry(call=call)
        return Response(CallOutput(call, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED)

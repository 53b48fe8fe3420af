"""One shape for every API error: {"error": {"code": ..., "message": ..., "details": ...}}, from
DRF's views (exception_handler) and from Django itself for an /api/ address no view answers
(not_found, server_error: the site's Russian pages everywhere else)."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from project.errors import DomainError
from project.middleware import RETRY_AFTER
from project.transient import is_transient

logger = logging.getLogger(__name__)


class _DomainApiError(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class _DomainConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if is_transient(exc):
        # A locked database or a lost connection: the same request succeeds a moment later.
        logger.warning("Transient fault in %s: %s", context.get("view"), exc)
        return Response(
            {"error": {"code": "temporarily_unavailable",
                       "message": _("База данных временно занята. Повторите запрос через "
                                    "несколько секунд."),
                       "details": None}},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    domain_details = None
    if isinstance(exc, DomainError):
        # A domain error may carry data for a program (e.g. the known codes); people read message.
        domain_details = getattr(exc, "details", None)
        api_error = _DomainConflict if exc.conflict else _DomainApiError
        exc = api_error(detail=exc.message, code=exc.code)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "invalid"
        if isinstance(exc.detail, dict | list):
            message = _first_message(exc.detail)
            details: Any = detail
        else:
            message = str(exc.detail)
            details = domain_details
    else:
        code, message, details = "error", str(detail), None
    response.data = {"error": {"code": code, "message": message, "details": details}}
    return response


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for field, value in detail.items():
            inner = _first_message(value)
            return inner if field == "non_field_errors" else f"{field}: {inner}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error_response(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "details": None}},
                        status=status_code, json_dumps_params={"ensure_ascii": False})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an API client that asks for /api/v1/calls/null,null/ or a mistyped path gets
    the error body it parses everywhere else, not an HTML page."""
    if _is_api(request):
        return _error_response(404, "not_found", str(exceptions.NotFound.default_detail))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the same for a crash, so an API client never has to parse HTML."""
    if _is_api(request):
        return _error_response(
            500, "server_error",
            _("Ошибка на сервере. Мы записали её; повторите запрос позже."),
        )
    return defaults.server_error(request)

"""One shape for every API error: {"error": {"code": ..., "message": ..., "details": ...}}."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from project.errors import DomainError
from project.middleware import RETRY_AFTER
from project.transient import is_transient

logger = logging.getLogger(__name__)


class _DomainApiError(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST


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
        exc = _DomainApiError(detail=exc.message, code=exc.code)
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

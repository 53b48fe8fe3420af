"""Refuse a too long query string (400) or a too big body (413) before anything reads them.

A query string of hundreds of kilobytes was answered 414 by the server, a status the API's
schema did not document, and a body over DATA_UPLOAD_MAX_MEMORY_SIZE was Django's bare 400 once
something touched `request.body`. Both limits are settings (QUERY_STRING_MAX_LENGTH,
REQUEST_BODY_MAX_BYTES; docs/api.md#limits) and the answers are Russian, in the API's error
shape under /api/. A file upload (multipart) is left to its own limits (AUDIO_MAX_BYTES).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from project.api_parsers import too_large_message


def _refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message, "details": None}},
                            status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _declared_length(request: HttpRequest) -> int:
    raw = str(request.META.get("CONTENT_LENGTH") or "")
    return int(raw) if raw.isdigit() else 0


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query_limit = settings.QUERY_STRING_MAX_LENGTH
        query_length = len(request.META.get("QUERY_STRING", ""))
        if query_length > query_limit:
            return _refusal(request, 400, "query_too_long", _(
                "Строка запроса (после «?») слишком длинная: %(length)d символов, допустимо не "
                "более %(limit)d. Сократите фильтры или передайте данные в теле запроса."
            ) % {"length": query_length, "limit": query_limit})
        body_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if (not (request.content_type or "").startswith("multipart/")
                and _declared_length(request) > body_limit):
            return _refusal(request, 413, "request_too_large", too_large_message(body_limit))
        return self.get_response(request)

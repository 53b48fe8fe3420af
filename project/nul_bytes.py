"""Refuse a request carrying a NUL character before any view sees it.

PostgreSQL cannot store or even compare a string with NUL ("A string literal cannot contain NUL
characters", a ValueError from psycopg), so `?tag=a%00b` or a phrase with \\u0000 was a 500
there while SQLite let it by. Django's and DRF's CharFields refuse NUL, but filters, lookups by
query parameter and hand-read values do not; one check here covers pages, the API and the admin.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

_NUL = "\x00"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return _NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _request_has_nul(request: HttpRequest) -> bool:
    if _NUL in request.path or any(
        _has_nul(key) or _has_nul(values) for key, values in request.GET.lists()
    ):
        return True
    if request.method not in {"POST", "PUT", "PATCH"}:
        return False
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            return _has_nul(json.loads(request.body or b"null"))
        except (ValueError, UnicodeDecodeError):
            return False  # the view answers malformed JSON in its own words
    if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        return any(_has_nul(key) or _has_nul(values) for key, values in request.POST.lists())
    return False


class NulByteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_has_nul(request):
            return self.get_response(request)
        message = _("Запрос содержит нулевой символ (\\x00); уберите его и повторите.")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": "nul_character", "message": message, "details": None}},
                status=400, json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

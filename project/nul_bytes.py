"""Refuse a request carrying a NUL character before any view sees it.

PostgreSQL cannot store or even compare a string with NUL ("A string literal cannot contain NUL
characters", a ValueError from psycopg), so `?tag=a%00b` or a phrase with \\u0000 was a 500
there while SQLite let it by. Django's and DRF's CharFields refuse NUL, but filters, lookups by
query parameter and hand-read values do not; one check here covers pages, the API and the admin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from project.parsing import json_loads

_NUL = "\x00"
# Enough places to fix a file in one go.
MAX_PLACES = 10


def _shown(text: str) -> str:
    return text.replace(_NUL, "\\x00")


def _label(item: Any) -> str:
    """A record's code or name, to say which one it is: «refund»."""
    if isinstance(item, dict):
        for key in ("code", "external_id", "name", "text"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return f" «{_shown(value.strip()[:60])}»"
    return ""


# A place as a chain of (label, parent) pairs: a step costs the same at any depth.
_Place = tuple[str, "_Place"] | None


def _words(place: _Place) -> str:
    labels = []
    while place is not None:
        label, place = place
        labels.append(label)
    return " → ".join(reversed(labels)) or _("значение")


def nul_places(value: Any, *, limit: int = MAX_PLACES) -> list[str]:
    """Where a document (parsed JSON or YAML) holds a NUL, in words a person can follow:
    «поле «objections» → запись 3 «refund» → поле «name»». Walked with a stack, not recursion,
    so a deep document cannot crash it; at most `limit` places."""
    places: list[str] = []
    stack: list[tuple[Any, _Place]] = [(value, None)]
    while stack and len(places) < limit:
        item, place = stack.pop()
        if isinstance(item, str):
            if _NUL in item:
                places.append(_words(place))
        elif isinstance(item, dict):
            children: list[tuple[Any, _Place]] = []
            for key, child in item.items():
                key_text = str(key)
                if _NUL in key_text:
                    # Pushed as a NUL at the key's own place, to keep the document's order.
                    children.append((_NUL, (_("ключ «%(key)s»") % {"key": _shown(key_text)},
                                            place)))
                else:
                    children.append((child, (_("поле «%(key)s»") % {"key": key_text}, place)))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([
                (child, (_("запись %(n)d") % {"n": index} + _label(child), place))
                for index, child in enumerate(item, start=1)
            ]))
    return places


def _has_nul(value: Any) -> bool:
    return bool(nul_places(value, limit=1))


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
            return _has_nul(json_loads(request.body or b"null"))
        except ValueError:
            # Malformed, too deep (DocumentTooDeep) or not UTF-8: the API's parser answers it
            # in its own words.
            return False
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

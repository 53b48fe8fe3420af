"""The API's JSON parser (DEFAULT_PARSER_CLASSES): at most API_JSON_MAX_BYTES (or the view's
own `max_body_bytes`) and JSON_MAX_DEPTH levels deep, read by project/parsing.py, with Russian
errors in the API's error shape: 413 request_too_large, 400 parse_error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status

from project.parsing import DocumentTooDeep, json_loads


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def too_large_message(limit: int) -> str:
    return _("Тело запроса больше допустимого: не более %(limit)s байт.") % {
        "limit": f"{limit:,}".replace(",", "\u00a0")}


def body_limit(view: Any) -> int:
    """The view's own `max_body_bytes` (a number or a settings name), else API_JSON_MAX_BYTES."""
    limit = getattr(view, "max_body_bytes", None)
    if isinstance(limit, str):
        limit = getattr(settings, limit)
    return int(limit if limit is not None else settings.API_JSON_MAX_BYTES)


class JsonParser(parsers.JSONParser):
    def parse(self, stream: IO[bytes], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        context = dict(parser_context or {})
        limit = body_limit(context.get("view"))
        request = context.get("request")
        declared = str(request.META.get("CONTENT_LENGTH") or "") if request is not None else ""
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(too_large_message(limit))
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(too_large_message(limit))
        encoding = str(context.get("encoding") or settings.DEFAULT_CHARSET)
        try:
            # str.encode refuses a bytes-to-bytes codec (bz2_codec) that would inflate the body.
            "".encode(encoding)
            text = body.decode(encoding)
        except LookupError:
            raise exceptions.ParseError(
                _("Неизвестная кодировка «%(encoding)s» в заголовке Content-Type.")
                % {"encoding": encoding}) from None
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(
                _("Тело запроса не в кодировке %(encoding)s (байт %(position)d).")
                % {"encoding": encoding, "position": error.start}) from None
        try:
            return json_loads(text)
        except DocumentTooDeep as error:
            raise exceptions.ParseError(error.message) from None
        except json.JSONDecodeError as error:
            # json's own message is English; the place is what a person needs.
            raise exceptions.ParseError(
                _("Тело запроса не читается как JSON: ошибка в строке %(line)d, символ "
                  "%(column)d.") % {"line": error.lineno, "column": error.colno}) from None
        except ValueError as error:
            raise exceptions.ParseError(
                _("Тело запроса не читается как JSON: %(error)s") % {"error": error}) from None

"""The OpenAPI schema documents every error an operation can answer, with the one error body of
project/api_errors.py, so a client (and the schemathesis contract check) knows them all.

The statuses every view shares follow from how the API works and are added here; a status only
some operations have (409 on a duplicate, 400 `tag_in_use` on a delete) is declared on the view
with `error_response()` in its `extend_schema(responses=...)`, which this keeps.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class RoleRequiredSessionScheme(SessionScheme):
    """The session as the API takes it (project/access.py): the same cookie scheme. The token's
    subclass is matched by drf-spectacular's own TokenScheme."""

    target_class = "project.access.RoleRequiredSessionAuthentication"


class ErrorBody(serializers.Serializer):
    code = serializers.CharField(help_text="Код ошибки для программы, например invalid, "
                                           "not_found, permission_denied, tag_in_use")
    message = serializers.CharField(help_text="Что не так, по-русски, для человека")
    details = serializers.JSONField(
        allow_null=True,
        help_text="Подробности для программы: для invalid — ошибки по полям; иначе обычно null",
    )


class ErrorOutput(serializers.Serializer):
    error = ErrorBody()


# What each shared status means; a view may declare its own wording with error_response().
_DESCRIPTIONS = {
    400: _("Запрос не принят: ошибка в параметрах или теле (invalid; неизвестное поле тела — "
           "тоже invalid), тело не JSON или вложено глубже JSON_MAX_DEPTH уровней "
           "(parse_error), ошибка в данных по правилам сервиса, нулевой символ \\x00 в адресе, "
           "параметрах или теле (nul_character) или строка запроса после «?» длиннее "
           "QUERY_STRING_MAX_LENGTH символов (query_too_long); message объясняет, details — по "
           "полям."),
    401: _("Нужен вход: заголовок Authorization: Token … или сессия."),
    403: _("Недостаточно прав для этого действия (permission_denied) или у пользователя нет "
           "роли (no_role: любой запрос, пока администратор не назначит роль)."),
    404: _("Не найдено (not_found): такого объекта нет или он вам недоступен; для списка — нет "
           "такой страницы."),
    413: _("Тело запроса больше допустимого (request_too_large): API_JSON_MAX_BYTES для JSON, "
           "у подсказок сайдбара SIDEBAR_BODY_MAX_BYTES; см. docs/api.md#limits."),
    414: _("Адрес длиннее, чем принимает веб-сервер перед приложением (URI Too Long); "
           "приложение само отвечает 400 query_too_long на строку запроса длиннее "
           "QUERY_STRING_MAX_LENGTH. Тело ответа — от веб-сервера, не JSON."),
    415: _("Тело не в том формате (unsupported_media_type): см. типы содержимого запроса."),
    503: _("База данных временно занята (temporarily_unavailable): повторите запрос через "
           "Retry-After секунд."),
}

_NO_BODY = {414}


class PeriodOutput(serializers.Serializer):
    """The period a report covers, as every report API answers it (one schema component)."""

    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)


def error_response(description: str) -> OpenApiResponse:
    """An error status with the common body, for extend_schema(responses={409: ...})."""
    return OpenApiResponse(ErrorOutput, description=description)


class ApiSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error answers every operation can give."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:  # type: ignore[override]
        responses: dict[str, Any] = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        for status_code in self._error_statuses():
            description = str(_DESCRIPTIONS[status_code])
            # The server in front writes a 414 in its own words: no body is promised.
            response = (OpenApiResponse(description=description) if status_code in _NO_BODY
                        else error_response(description))
            responses.setdefault(str(status_code), self._get_response_for_code(
                response, str(status_code), direction=direction,
            ))
        return dict(sorted(responses.items()))

    def _map_serializer(self, serializer: Any, direction: str,  # type: ignore[override]
                        bypass_extensions: bool = False) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer(serializer, direction, bypass_extensions)
        if getattr(serializer, "refuses_unknown_fields", False) and schema.get("type") == "object":
            # Such an input answers 400 to a field it does not have: the schema says so.
            schema["additionalProperties"] = False
        return schema

    def _map_serializer_field(self, field: serializers.Field, direction: str,  # type: ignore[override,type-arg]
                              bypass_extensions: bool = False) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if (direction == "request" and isinstance(field, serializers.SlugField)
                and not field.allow_unicode and "pattern" not in schema):
            schema["pattern"] = r"^[-a-zA-Z0-9_]+$"  # what DRF's slug validator accepts
        if (direction == "request" and isinstance(field, serializers.CharField)
                and field.trim_whitespace and not field.allow_blank
                and schema.get("type") == "string" and "pattern" not in schema):
            # DRF trims the value first, so "  " is as blank as "": say a non-space is needed.
            schema["pattern"] = r"\S"
        return schema

    def _error_statuses(self) -> list[int]:
        # Every view needs a login and a role (a user with none is refused, project/access.py);
        # any request may meet a busy database, and one with a NUL anywhere
        # (project/nul_bytes.py) or a too long query string (project/request_limits.py) is
        # refused before a view sees it. A too long address is refused by this app (400) or by
        # the server in front (414).
        statuses = [400, 401, 403, 414, 503]
        if self._takes_body():
            statuses.append(415)
            if self._takes_non_multipart_body():
                # A file upload has its own limit (AUDIO_MAX_BYTES, a 400).
                statuses.append(413)
        if "{" in self.path or self._is_paginated_list():
            statuses.append(404)
        return statuses

    def _takes_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None

    def _takes_non_multipart_body(self) -> bool:
        return any(not parser.media_type.startswith("multipart/")
                   for parser in self.view.get_parsers())

    def _is_paginated_list(self) -> bool:
        return (self.method == "GET" and self._is_list_view()
                and getattr(self.view, "pagination_class", None) is not None)

"""The sidebar's API under /api/v1/sidebar/: suggest, the library to browse, events.

Thin views over suggest.py and events.py. The CRM calls them with the operator's token (or the
sidebar page with its session); CORS admits only the configured CRM origins, on these paths only
(CORS_URLS_REGEX in the settings). Every operation is throttled per user, i.e. per token
(`SIDEBAR_THROTTLE_RATE`), and documents its 429.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from project.api_inputs import JsonInput
from project.api_parsers import JsonParser
from project.api_schema import error_response
from project.roles import Role, has_role
from scripts_library.models import ResponseBlock, SidebarEvent
from scripts_library.sidebar.events import operator_of, record_event
from scripts_library.sidebar.suggest import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_TEXT_CHARS,
    SIDEBAR_LIBRARY,
    suggest,
)

_THROTTLED = error_response(
    "throttled: слишком много запросов с этим токеном (SIDEBAR_THROTTLE_RATE); повторите через "
    "Retry-After секунд."
)
_MAX_ID = 2**63 - 1


class SidebarThrottle(ScopedRateThrottle):
    """Per user — one token per operator, so per token; the rate is read per request."""

    def get_rate(self) -> str | None:
        return getattr(settings, "SIDEBAR_THROTTLE_RATE", None) or None


class SidebarPermission(permissions.BasePermission):
    """Operators, trainers and admins use the sidebar; only operators record events (an event
    is an operator's action in a call, and the metrics count it for that operator)."""

    reads_need_permission = True  # the schema documents 403 for the library's GET too
    message = _("Подсказки доступны операторам, тренерам и администраторам.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not has_role(user, Role.OPERATOR, Role.TRAINER, Role.ADMIN):
            return False
        if getattr(view, "operators_only", False):
            self.message = _("События записываются только для операторов: у этого пользователя "
                             "нет роли оператора или карточки оператора.")
            return has_role(user, Role.OPERATOR) and operator_of(user) is not None
        return True


class SidebarApi(APIView):
    permission_classes = [permissions.IsAuthenticated, SidebarPermission]
    throttle_classes = [SidebarThrottle]
    throttle_scope = "sidebar"
    parser_classes = [JsonParser]
    renderer_classes = [JSONRenderer]
    # A suggest's text is at most 9,999 characters: a bigger body is a mistake (413).
    max_body_bytes = "SIDEBAR_BODY_MAX_BYTES"


# --- Serializers (they document the API exactly; the suggest answer itself is built as dicts) ---

class SidebarSuggestInput(JsonInput):
    """Слова клиента; значения — в типах JSON (строка, целое число)."""

    # Not trimmed: the evidence offsets point into the text exactly as sent.
    text = serializers.CharField(
        max_length=MAX_TEXT_CHARS, trim_whitespace=False,
        validators=[RegexValidator(r"\S", message=_("Введите слова клиента."))],
        help_text="Что сказал клиент (одна или несколько фраз), до 9 999 символов.",
    )
    call = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Внешний ID звонка в CRM (необязательно). Подсказки от него не зависят; "
                  "неизвестный ID не ошибка: звонок может ещё не быть загружен.",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT,
        help_text="Сколько возражений вернуть, самые вероятные первыми.",
    )


class SidebarBlockOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class SidebarBlocksByKindOutput(serializers.Serializer):
    acknowledge = SidebarBlockOutput(many=True, help_text="Признать чувство, лучшие первыми.")
    argument = SidebarBlockOutput(many=True, help_text="Короткий аргумент, лучшие первыми.")
    question = SidebarBlockOutput(many=True, help_text="Открытый вопрос, лучшие первыми.")


class SidebarEvidenceOutput(serializers.Serializer):
    text = serializers.CharField(help_text="Найденные слова.")
    char_start = serializers.IntegerField(help_text="Начало в присланном тексте (с 0).")
    char_end = serializers.IntegerField(help_text="Конец в присланном тексте (не включая).")


class SidebarSuggestObjectionOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    theme = serializers.CharField()
    evidence = SidebarEvidenceOutput()
    blocks = SidebarBlocksByKindOutput()


class SidebarSuggestOutput(serializers.Serializer):
    objections = SidebarSuggestObjectionOutput(many=True)


class SidebarLibraryObjectionOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    theme = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    blocks = SidebarBlocksByKindOutput()


class SidebarLibraryThemeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    objections = SidebarLibraryObjectionOutput(many=True)


class SidebarLibraryOutput(serializers.Serializer):
    themes = SidebarLibraryThemeOutput(many=True)


class SidebarEventInput(JsonInput):
    """Что оператор сделал с блоком; оператор берётся из входа (токена или сессии)."""

    kind = serializers.ChoiceField(choices=SidebarEvent.Kind.choices)
    block = serializers.IntegerField(min_value=1, max_value=_MAX_ID, help_text="ID блока ответа.")
    call = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Внешний ID звонка в CRM; событие связывается со звонком, когда он известен "
                  "(сразу или когда звонок будет загружен).",
    )
    at = serializers.DateTimeField(
        required=False, allow_null=True, default=None,
        help_text="Когда это было (по умолчанию — сейчас): не раньше 7 дней назад и не позже "
                  "10 минут вперёд.",
    )


class SidebarEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SidebarEvent.Kind.choices)
    block = serializers.IntegerField()
    objection = serializers.CharField(help_text="Код возражения блока.")
    operator = serializers.CharField(help_text="Код оператора (из токена или сессии).")
    call = serializers.CharField(allow_blank=True, help_text="Внешний ID звонка, как прислан.")
    call_linked = serializers.BooleanField(help_text="Звонок с этим ID уже известен и связан.")
    at = serializers.DateTimeField()


def _invalid(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


# --- Views ---------------------------------------------------------------------------------------

class SuggestApi(SidebarApi):
    """Objections in what the customer just said, best first, each with its ranked blocks."""

    @extend_schema(
        operation_id="sidebar_suggest", request=SidebarSuggestInput,
        responses={200: SidebarSuggestOutput, 429: _THROTTLED},
    )
    def post(self, request: Request) -> Response:
        data = SidebarSuggestInput(data=request.data)
        data.is_valid(raise_exception=True)
        objections = suggest(text=data.validated_data["text"], limit=data.validated_data["limit"])
        return Response({"objections": objections})

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Adds `Server-Timing: app;dur=…` — the view's own time (auth, throttle, parsing,
        matching, rendering), which the benchmark reads."""
        started = time.perf_counter()
        response = super().dispatch(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if render is not None:
            render()
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed:.2f}"
        return response


class LibraryApi(SidebarApi):
    """The active library to browse without text: themes → objections → ranked blocks.
    Read-only: the library is edited by trainers on the editor pages."""

    @extend_schema(operation_id="sidebar_library", responses={200: SidebarLibraryOutput,
                                                                429: _THROTTLED})
    def get(self, request: Request) -> Response:
        return Response({"themes": SIDEBAR_LIBRARY.snapshot().library})


class EventApi(SidebarApi):
    """Records what the operator did with a block; the operator comes from the login."""

    operators_only = True

    @extend_schema(
        operation_id="sidebar_event_create", request=SidebarEventInput,
        responses={
            201: SidebarEventOutput, 429: _THROTTLED,
        },
    )
    def post(self, request: Request) -> Response:
        data = SidebarEventInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        block = ResponseBlock.objects.select_related("objection").filter(pk=values["block"]).first()
        if block is None:
            raise _invalid("block", _("Нет такого блока ответа."))
        operator = operator_of(request.user)
        assert operator is not None  # SidebarPermission checked it
        event = record_event(operator=operator, kind=values["kind"], block=block,
                             call_external_id=values["call"], at=values["at"])
        return Response(SidebarEventOutput({
            "id": event.pk, "kind": event.kind, "block": block.pk,
            "objection": block.objection.code, "operator": operator.code,
            "call": event.call_external_id, "call_linked": event.call_id is not None,
            "at": event.at,
        }).data, status=status.HTTP_201_CREATED)

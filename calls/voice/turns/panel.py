"""The call page's «Повороты разговора» card (a CallPanel, calls/extensions.py): each turning
point a chip that plays the operator's phrase, with the moment actions other apps registered
(coaching's «Добавить в образцовые» for trainers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from calls.extensions import CallPanel
from calls.models import Call, TurningPoint


def call_turns_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    points = list(
        TurningPoint.objects.filter(call=call).select_related("operator_segment").order_by("at")
    )
    return {"turning_points": points}


CALL_PANEL = CallPanel(
    name="turns", template="voice/turns/_call_turns.html", context=call_turns_context
)

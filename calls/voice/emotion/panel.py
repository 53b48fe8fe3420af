"""The call page's emotion card (a CallPanel, calls/extensions.py): the call's emotion, hot and
hidden irritation, each reason a chip that plays the call from its moment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from calls.extensions import CallPanel
from calls.models import Call, CallEmotion


def call_emotion_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    emotion = CallEmotion.objects.filter(call=call).first()
    if emotion is None:
        return {"emotion": None}
    reasons = [reason for reason in emotion.reasons if isinstance(reason, dict)]
    return {
        "emotion": emotion,
        "emotion_reasons": [r for r in reasons if r.get("about") == "emotion"],
        "hot_reasons": [r for r in reasons if r.get("about") == "hot"],
        "hidden_reasons": [r for r in reasons if r.get("about") == "hidden"],
    }


CALL_PANEL = CallPanel(
    name="emotion", template="voice/emotion/_call_emotion.html", context=call_emotion_context
)

"""The call-level voice figures as columns of export_calls (calls/extensions.py registry)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist

from calls.extensions import ExportField
from calls.models import Call, CallVoice


def _voice(call: Call) -> CallVoice | None:
    try:
        return call.voice
    except ObjectDoesNotExist:  # not analysed yet (or before the voice analyser existed)
        return None


def _figure(name: str) -> Callable[[Call], float | None]:
    def value(call: Call) -> float | None:
        voice = _voice(call)
        return getattr(voice, name) if voice is not None else None

    return value


# talk_ratio: the customer's share of the speaking time; silence_share: of the call's length;
# the rest in seconds. Empty when the call was not analysed or the figure could not be measured.
EXPORT_FIELDS = tuple(
    ExportField(name=name, value=_figure(name), prefetch=("voice",))
    for name in (
        "talk_ratio",
        "silence_share",
        "longest_silence",
        "hold_seconds",
        "overtalk_seconds",
    )
)

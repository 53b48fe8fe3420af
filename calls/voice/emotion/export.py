"""The call's emotion as columns of export_calls (calls/extensions.py registry): `emotion`
(neutral / irritated / confused / satisfied), `hot` and `hidden_irritation` (true / false).
Empty when the call was not analysed yet."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist

from calls.extensions import ExportField
from calls.models import Call, CallEmotion


def _emotion(call: Call) -> CallEmotion | None:
    try:
        return call.emotion
    except ObjectDoesNotExist:
        return None


def _field(name: str) -> Callable[[Call], object]:
    def value(call: Call) -> object:
        emotion = _emotion(call)
        return getattr(emotion, name) if emotion is not None else None

    return value


EXPORT_FIELDS = tuple(
    ExportField(name=name, value=_field(name), prefetch=("emotion",))
    for name in ("emotion", "hot", "hidden_irritation")
)

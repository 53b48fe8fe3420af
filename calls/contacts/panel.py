"""The call page's contact card (a CallPanel, calls/extensions.py): whether the call repeats an
earlier one («Повторное обращение: через 3 дня после звонка X»), whether the customer came back
after it, and the moment of resolution as a chip that plays the call from there."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from calls.extensions import CallPanel
from calls.models import Call, CallResolution, ContactLink
from project.russian import plural


def _after(seconds: float | None) -> str:
    """«через 2 дня», rounded: the gap counts from the end of the earlier call."""
    seconds = seconds or 0.0
    if round(seconds / 86400) >= 1:
        return plural(round(seconds / 86400), "день,дня,дней")
    if round(seconds / 3600) >= 1:
        return plural(round(seconds / 3600), "час,часа,часов")
    return plural(max(round(seconds / 60), 1), "минуту,минуты,минут")


def call_contact_context(call: Call, request: HttpRequest) -> dict[str, Any]:
    link = ContactLink.objects.filter(call=call).select_related("repeat_of").first()
    visible = Call.objects.visible_to(request.user)
    repeat_of = None
    if link is not None and link.kind == ContactLink.Kind.REPEAT and link.repeat_of is not None:
        earlier = link.repeat_of
        repeat_of = {
            "call": earlier,
            # Only the calls this person may open are links.
            "visible": visible.filter(pk=earlier.pk).exists(),
            "name": earlier.external_id or str(earlier.pk),
            "after": _after(link.gap_seconds),
        }
    came_back_by = None
    if link is not None and link.came_back:
        # The repeat that followed (a transfer's repeat names the contact's first call instead,
        # so a transfer says only that the customer came back).
        later = (
            ContactLink.objects.repeats().filter(repeat_of_id=call.pk)
            .select_related("call").order_by("started_at").first()
        )
        if later is not None and visible.filter(pk=later.call_id).exists():
            came_back_by = later.call
    resolution = CallResolution.objects.filter(call=call).first()
    return {
        "contact": link,
        "repeat_of": repeat_of,
        "came_back": bool(link and link.came_back),
        "came_back_by": came_back_by,
        "resolution": resolution,
    }


CALL_PANEL = CallPanel(
    name="contact", template="contacts/_call_contact.html", context=call_contact_context
)

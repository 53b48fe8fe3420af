"""`{% moment_actions call start end segment=… subject=… subject_id=… %}`: the links later apps
registered for a moment of a call (calls/extensions.py, MomentAction), those the signed-in user
may take; nothing at all when there are none, so a chip or segment looks as before."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from calls.extensions import Moment
from calls.extensions import moment_actions as registered_actions
from calls.models import Call

register = template.Library()


@register.simple_tag(takes_context=True)
def moment_actions(context: template.Context, call: Call, start: float,
                   end: float | None = None, *, segment: int | None = None,
                   subject: str = "", subject_id: int | None = None,
                   label: str = "") -> SafeString:
    """`label` names the moment for screen readers («момент 0:12 «…»»): several identical links
    in a list need telling apart."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return mark_safe("")  # noqa: S308 - an empty string
    actions = registered_actions(user)
    if not actions:
        return mark_safe("")  # noqa: S308 - an empty string
    moment = Moment(call=call, start=float(start or 0),
                    end=float(end) if end not in (None, "") else None,
                    segment=segment if segment not in (None, "") else None,
                    subject=(subject, int(subject_id)) if subject and subject_id else None)
    links: list[dict[str, Any]] = [
        {"name": action.name, "label": action.label, "url": action.url(moment)}
        for action in actions
    ]
    return render_to_string("calls/_moment_actions.html", {"links": links, "about": label})

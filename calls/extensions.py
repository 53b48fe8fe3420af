"""What later apps add to a call without the calls app knowing them: columns of `export_calls`,
panels of the call page (the scripts library adds objections to both) and buttons in the call
page's head (coaching adds «Оценить звонок»).

The calls app must not import later apps (import-linter enforces it), so each app registers its
additions in its AppConfig.ready(), like analysers (calls/analysis.py). Every registry keeps the
order of registration; registering the same addition again (a second ready()) changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from calls.models import Call

# --- export_calls columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportField:
    """A column of export_calls: `value(call)` for each exported call.

    `prefetch` is what `value` reads, loaded per chunk of calls (the export streams); fields that
    read the same relation pass the same Prefetch and it is loaded once. In CSV a list of
    strings is joined with ";", anything else is written as JSON.
    """

    name: str
    value: Callable[[Call], Any]
    prefetch: tuple[str | Prefetch[Any], ...] = field(default=())


_export_fields: dict[str, ExportField] = {}


def register_export_field(export_field: ExportField) -> None:
    existing = _export_fields.get(export_field.name)
    if existing is not None and existing != export_field:
        raise ImproperlyConfigured(f"Two export fields are registered as {export_field.name!r}.")
    _export_fields[export_field.name] = export_field


def export_fields() -> list[ExportField]:
    return list(_export_fields.values())


def with_export_prefetches(calls: QuerySet[Call], fields: Sequence[ExportField]
                           ) -> QuerySet[Call]:
    lookups: dict[str, str | Prefetch[Any]] = {}
    for export_field in fields:
        for lookup in export_field.prefetch:
            key = lookup if isinstance(lookup, str) else lookup.prefetch_to
            lookups.setdefault(key, lookup)
    return calls.prefetch_related(*lookups.values()) if lookups else calls


def export_csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ";".join(value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


# --- Call page panels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CallPanel:
    """A card in the side column of the call page, after the tags.

    `context(call, request)` gives the template's context; the call is visible to the user
    already (the page checked it), and the template gets `call` and `request` (for the CSP
    nonce of an inline script). An evidence chip that seeks the player is a
    `<button class="evidence-chip" data-start=… data-segment=…>` inside an element with
    `data-call-panel` (the page plays from `data-start`).
    """

    name: str
    template: str
    context: Callable[[Call, HttpRequest], dict[str, Any]]


_call_panels: dict[str, CallPanel] = {}


def register_call_panel(panel: CallPanel) -> None:
    existing = _call_panels.get(panel.name)
    if existing is not None and existing != panel:
        raise ImproperlyConfigured(f"Two call page panels are registered as {panel.name!r}.")
    _call_panels[panel.name] = panel


def call_panels() -> list[CallPanel]:
    return list(_call_panels.values())


def render_call_panels(call: Call, request: HttpRequest) -> list[SafeString]:
    return [
        render_to_string(panel.template, {**panel.context(call, request), "call": call},
                         request=request)
        for panel in call_panels()
    ]


# --- Call page actions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLink:
    """A button in the head of the call page: a link (GET) to where the action starts."""

    url: str
    label: str


@dataclass(frozen=True)
class CallAction:
    """A button in the call page's head, next to the title.

    `link(call, request)` gives the button, or None when this person may not do it with this
    call (the action decides: the calls app knows nothing of who may evaluate). The call is
    visible to the user already (the page checked it).
    """

    name: str
    link: Callable[[Call, HttpRequest], ActionLink | None]


_call_actions: dict[str, CallAction] = {}


def register_call_action(action: CallAction) -> None:
    existing = _call_actions.get(action.name)
    if existing is not None and existing != action:
        raise ImproperlyConfigured(f"Two call page actions are registered as {action.name!r}.")
    _call_actions[action.name] = action


def call_actions(call: Call, request: HttpRequest) -> list[ActionLink]:
    """The buttons this person gets on this call's page, in the order of registration."""
    links = (action.link(call, request) for action in _call_actions.values())
    return [link for link in links if link is not None]
# --- Moment actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """A stretch of a call someone points at: an evidence chip of a tag or objection, a
    transcript segment, the whole call (start 0, no end). `subject` names what the moment is
    evidence of, when it is — ("objection", its pk), ("skill", its pk), ("tag", its pk) — so an
    action can carry it on; the calls app does not know those models, only the pair."""

    call: Call
    start: float
    end: float | None = None
    segment: int | None = None
    subject: tuple[str, int] | None = None


@dataclass(frozen=True)
class MomentAction:
    """A link shown next to a moment on the call page (the coaching app adds «Добавить в
    образцовые»). `allowed(user)` says who sees it — the action's own page checks again, a
    hidden link is no protection; `url(moment)` is where it leads."""

    name: str
    label: str | Promise  # a lazy translation: the language is the request's
    url: Callable[[Moment], str]
    allowed: Callable[[Any], bool]


_moment_actions: dict[str, MomentAction] = {}


def register_moment_action(action: MomentAction) -> None:
    existing = _moment_actions.get(action.name)
    if existing is not None and existing != action:
        raise ImproperlyConfigured(f"Two moment actions are registered as {action.name!r}.")
    _moment_actions[action.name] = action


def moment_actions(user: Any) -> list[MomentAction]:
    """The registered moment actions this user may take, in the order of registration."""
    return [action for action in _moment_actions.values() if action.allowed(user)]

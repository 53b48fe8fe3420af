"""calls/extensions.py: the registries of export_calls columns, call page panels and actions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template import RequestContext, Template
from django.urls import reverse

from calls import extensions
from calls.extensions import (
    ActionLink,
    CallAction,
    CallPanel,
    ExportField,
    call_actions,
    export_csv_value,
    register_call_action,
    register_call_panel,
    register_export_field,
)
from calls.models import Call, Operator
from tests.factories import call_with_segments, client_for


@pytest.fixture
def registries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only what a test registers (later apps' real additions are tested in their apps)."""
    monkeypatch.setattr(extensions, "_export_fields", {})
    monkeypatch.setattr(extensions, "_call_panels", {})
    monkeypatch.setattr(extensions, "_call_actions", {})
    yield


def _segment_count(call: Call) -> int:
    return len(call.segments.all())


def test_registering_twice_is_harmless_but_two_under_one_name_are_refused(
    registries: None,
) -> None:
    field = ExportField(name="segments", value=_segment_count, prefetch=("segments",))
    register_export_field(field)
    register_export_field(field)
    with pytest.raises(ImproperlyConfigured):
        register_export_field(ExportField(name="segments", value=str))
    panel = CallPanel(name="p", template="x.html", context=lambda call, request: {})
    register_call_panel(panel)
    register_call_panel(panel)
    with pytest.raises(ImproperlyConfigured):
        register_call_panel(CallPanel(name="p", template="y.html", context=panel.context))


def test_csv_values() -> None:
    assert export_csv_value(["a", "b"]) == "a;b"
    assert export_csv_value([]) == ""
    assert export_csv_value(None) == ""
    assert export_csv_value(3) == "3"
    assert json.loads(export_csv_value([{"x": "я"}])) == [{"x": "я"}]


@pytest.mark.django_db
def test_export_calls_gains_registered_columns(
    registries: None, tmp_path: Path, run_command: Callable[..., str],
) -> None:
    register_export_field(ExportField(name="segments", value=_segment_count,
                                      prefetch=("segments",)))
    call = call_with_segments(("customer", "Алло"), ("operator", "Добрый день"))
    row = json.loads(run_command("export_calls"))
    assert (row["external_id"], row["segments"]) == (call.external_id, 2)
    path = tmp_path / "calls.csv"
    run_command("export_calls", "--format", "csv", "-o", str(path))
    header, line = path.read_text(encoding="utf-8").splitlines()
    assert header.endswith(",evidence,segments") and line.endswith(",2")


@pytest.mark.django_db
def test_call_page_renders_registered_panels(registries: None, operator: Operator,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def context(call: Call, request: HttpRequest) -> dict[str, object]:
        seen.append(call.pk)
        return {"words": "Панель"}

    # A template of the test's own (the cached loaders do not see a directory added now).
    source = "<section data-call-panel data-test-panel>{{ words }} {{ call.pk }}</section>"

    def render(name: str, context: dict[str, object], request: HttpRequest) -> str:
        assert name == "panel.html"
        return Template(source).render(RequestContext(request, context))

    monkeypatch.setattr(extensions, "render_to_string", render)
    register_call_panel(CallPanel(name="test", template="panel.html", context=context))
    call = call_with_segments(("customer", "Алло"), operator=operator)
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert f"data-test-panel>Панель {call.pk}</section>" in html
    assert seen == [call.pk]


def _evaluate(call: Call, request: HttpRequest) -> ActionLink | None:
    # Only people with another's calls in view get the button (a stand-in for a real rule).
    if request.user.has_perm("calls.view_operator"):
        return ActionLink(url=f"/act/{call.pk}/", label="Действие <б>")
    return None


def test_registering_an_action_twice_is_harmless_but_two_under_one_name_are_refused(
    registries: None,
) -> None:
    action = CallAction(name="act", link=_evaluate)
    register_call_action(action)
    register_call_action(action)
    with pytest.raises(ImproperlyConfigured):
        register_call_action(CallAction(name="act", link=lambda call, request: None))


@pytest.mark.django_db
def test_call_page_shows_the_actions_each_person_gets(
    registries: None, operator: Operator, trainer_user: User,
) -> None:
    register_call_action(CallAction(name="act", link=_evaluate))
    register_call_action(CallAction(name="never", link=lambda call, request: None))
    call = call_with_segments(("customer", "Алло"), operator=operator)
    url = reverse("calls:detail", args=[call.pk])
    html = client_for(trainer_user).get(url).content.decode()
    # One button, its label escaped like any text.
    assert f'href="/act/{call.pk}/">Действие &lt;б&gt;</a>' in html
    assert html.count("data-call-actions") == 1
    operator_html = client_for(operator.user).get(url).content.decode()
    assert "data-call-actions" not in operator_html and "/act/" not in operator_html
    request = HttpRequest()
    request.user = operator.user
    assert call_actions(call, request) == []

"""export_calls columns repeat_of, repeat_tags, resolved_at, resolved."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from calls.contacts.analyser import calls_find_resolution
from calls.contacts.links import contacts_link_all
from tests.factories import CallFactory, CallTagFactory, TagFactory, call_with_segments

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_export_has_repeat_and_resolution_columns(run_command: Callable[..., str]) -> None:
    delivery, refund = TagFactory(code="delivery"), TagFactory(code="refund")
    first = CallFactory(external_id="first", customer_key="k", started_at=T0)
    nameless = CallFactory(external_id="", customer_key="m", started_at=T0)
    again = call_with_segments(
        ("operator", "Доставка, здравствуйте."), ("customer", "Где заказ?"),
        ("operator", "Курьер привезёт завтра."), ("customer", "Понятно, спасибо."),
        external_id="again", customer_key="k", started_at=T0 + timedelta(days=2),
    )
    CallFactory(external_id="other", customer_key="m", started_at=T0 + timedelta(days=1))
    for call, tags in ((first, [delivery, refund]), (again, [delivery])):
        for tag in tags:
            CallTagFactory(call=call, tag=tag)
    contacts_link_all()
    calls_find_resolution(call_ids=[again.pk])

    rows = {row["external_id"]: row for row in map(json.loads,
                                                  run_command("export_calls").splitlines())}

    assert rows["again"]["repeat_of"] == "first"
    assert rows["again"]["repeat_tags"] == ["delivery"]
    assert rows["again"]["resolved"] is True
    assert rows["again"]["resolved_at"] == pytest.approx(15.0)
    assert rows["first"]["repeat_of"] is None and rows["first"]["resolved"] is None
    # An earlier call without an external id is named by its id.
    assert rows["other"]["repeat_of"] == str(nameless.pk)
    assert rows["other"]["repeat_tags"] == []

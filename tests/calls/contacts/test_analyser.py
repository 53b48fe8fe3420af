"""The `resolution` analyser stores one CallResolution per call with a transcript."""

from __future__ import annotations

import pytest

from calls.analysis import analyser_names
from calls.contacts.analyser import RESOLUTION_ANALYSER, calls_find_resolution
from calls.models import CallResolution
from tests.factories import CallFactory, call_with_segments

pytestmark = pytest.mark.django_db


def test_stores_the_moment_and_the_calls_without_one() -> None:
    resolved = call_with_segments(
        ("operator", "Доставка, здравствуйте."), ("customer", "Где заказ?"),
        ("operator", "Курьер привезёт завтра."), ("customer", "Понятно, спасибо."),
    )
    open_call = call_with_segments(
        ("operator", "Доставка."), ("customer", "Где заказ?"), ("operator", "Не знаю."),
        ("customer", "А кто знает?"),
    )
    silent = CallFactory()
    report = calls_find_resolution(call_ids=[resolved.pk, open_call.pk, silent.pk])
    assert (report.calls, report.resolved) == (2, 1)
    moment = CallResolution.objects.get(call=resolved)
    assert moment.resolved and moment.resolved_at == pytest.approx(15.0)
    assert moment.acceptance_segment is not None
    assert moment.acceptance_segment.index == 3 and moment.answer_segment.index == 2
    assert moment.acceptance_text.startswith("Понятно")
    assert not CallResolution.objects.get(call=open_call).resolved
    assert not CallResolution.objects.filter(call=silent).exists()
    # Re-running replaces, never duplicates.
    calls_find_resolution(call_ids=[resolved.pk])
    assert CallResolution.objects.filter(call=resolved).count() == 1


def test_is_registered() -> None:
    assert RESOLUTION_ANALYSER in analyser_names()

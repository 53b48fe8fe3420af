"""The voice on the call page (a timeline under the player whose stretches seek it) and in
export_calls."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from calls.models import Call, Operator
from calls.voice.analysis import calls_hear_voice
from tests.factories import CallFactory, SegmentFactory, client_for

pytestmark = pytest.mark.django_db


def _call(operator: Operator, **fields: object) -> Call:
    call = CallFactory(operator=operator, source=Call.Source.TRANSCRIPT, duration=60, **fields)
    SegmentFactory(call=call, index=0, speaker="customer", start=0, end=4, text="Где мой заказ?")
    SegmentFactory(
        call=call,
        index=1,
        speaker="operator",
        start=4,
        end=8,
        text="Оставайтесь на линии, пожалуйста.",
    )
    SegmentFactory(
        call=call, index=2, speaker="operator", start=38, end=42, text="Спасибо за ожидание."
    )
    calls_hear_voice(call_ids=[call.pk])
    return call


def test_the_timeline_shows_roles_silences_and_holds_that_seek_the_player(
    operator: Operator,
    other_operator: Operator,
) -> None:
    call = _call(operator)
    # The player is there (the timeline seeks it); the voice was measured from the transcript.
    Call.objects.filter(pk=call.pk).update(audio="calls/call.wav")
    url = reverse("calls:detail", args=[call.pk])

    html = client_for(operator.user).get(url).content.decode()

    assert "data-voice-timeline" in html
    assert 'data-kind="speech"' in html and 'data-kind="hold"' in html
    assert 'data-kind="silence"' in html
    assert 'data-voice-row="operator"' in html and 'data-voice-row="customer"' in html
    assert 'data-start="8.0"' in html  # the hold starts when the announcement ends
    assert "ожидание на линии, 0:08–0:38 (30 с)" in html
    assert 'data-hold-seconds data-start="8.0">30 с<' in html
    # The transcript was imported without its recording: the page says the voice was not heard.
    assert "Голос не слышен" in html
    # An operator sees only their own calls: someone else's is a 404, timeline and all.
    assert client_for(other_operator.user).get(url).status_code == 404


def test_a_call_not_yet_analysed_has_no_timeline(operator: Operator) -> None:
    call = CallFactory(operator=operator)
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "data-voice-timeline" not in html


def test_export_calls_has_the_call_level_figures(
    operator: Operator,
    tmp_path: Path,
    run_command: Callable[..., str],
) -> None:
    call = _call(operator)
    quiet = CallFactory(operator=operator)

    rows = {
        row["external_id"]: row for row in map(json.loads, run_command("export_calls").splitlines())
    }

    row = rows[call.external_id]
    assert row["hold_seconds"] == 30.0
    assert row["longest_silence"] == 30.0
    assert row["talk_ratio"] == pytest.approx(0.333, abs=0.001)
    assert row["overtalk_seconds"] is None  # no recording: nobody heard two voices at once
    assert 0 < row["silence_share"] < 1
    assert rows[quiet.external_id]["hold_seconds"] is None
    path = tmp_path / "calls.csv"
    run_command("export_calls", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        found = next(r for r in csv.DictReader(handle) if r["external_id"] == call.external_id)
    assert found["hold_seconds"] == "30.0" and found["overtalk_seconds"] == ""

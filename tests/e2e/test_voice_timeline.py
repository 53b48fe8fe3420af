"""In a real browser: the voice timeline under the player; a hold on it plays the call from
where the hold starts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from calls.models import Call
from calls.voice.analysis import calls_hear_voice
from tests.e2e.conftest import log_in
from tests.e2e.test_call_pages import wav_bytes
from tests.factories import CallFactory, OperatorFactory, SegmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_hold_on_the_timeline_seeks_the_player(
    page: Page, screenshot: Callable[[str], None]
) -> None:
    operator = OperatorFactory(display_name="Анна Смирнова")
    call = CallFactory(
        operator=operator, duration=12, channel_layout=Call.ChannelLayout.MONO, sample_rate=8000
    )
    call.audio.save("hold.wav", ContentFile(wav_bytes(12)))
    for index, (speaker, start, end, text) in enumerate(
        [
            ("customer", 0.0, 1.0, "Где мой заказ?"),
            ("operator", 1.0, 1.5, "Подождите, пожалуйста."),
            ("operator", 11.6, 12.0, "Спасибо за ожидание."),
        ]
    ):
        SegmentFactory(call=call, index=index, speaker=speaker, start=start, end=end, text=text)
    calls_hear_voice(call_ids=[call.pk])

    log_in(page, operator.user.username)
    page.goto(f"/calls/{call.pk}/")

    timeline = page.locator("[data-voice-timeline]")
    expect(timeline).to_be_visible()
    expect(timeline.locator('[data-voice-row="operator"]')).to_be_visible()
    screenshot("voice-timeline")
    timeline.locator('rect[data-kind="hold"]').click()
    page.wait_for_function(
        """() => {
            const audio = document.querySelector("[data-call-audio]");
            return !audio.paused && audio.currentTime >= 1.5 && audio.currentTime < 3.5;
        }"""
    )

"""In a real browser: log in, find a call, click a segment, hear it from there."""

from __future__ import annotations

import io
import math
import re
import struct
import wave
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from calls.models import Call, CallStatusChange, Operator
from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import (
    CallFactory,
    OperatorFactory,
    SegmentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE_RATE = 8000
PLAYING = re.compile(r"\bis-playing\b")
AUDIO_SECONDS = 12

DIALOG = [
    ("operator", 0.0, 2.0, "Добрый день, компания «Вектор», меня зовут Анна. Чем могу помочь?"),
    ("customer", 2.0, 4.5, "Здравствуйте. Я третий день жду курьера, заказ так и не привезли."),
    ("operator", 4.5, 6.5, "Понимаю, это неприятно. Назовите, пожалуйста, номер заказа."),
    ("customer", 6.5, 8.0, "Четыре-пять-восемь-один-два."),
    ("operator", 8.0, 10.5, "Вижу заказ. Курьер привезёт его сегодня до восемнадцати часов."),
    ("customer", 10.5, 12.0, "Хорошо, спасибо, буду ждать."),
]


def wav_bytes(seconds: int = AUDIO_SECONDS) -> bytes:
    """A quiet two-tone WAV: real audio the browser can decode and play."""
    frames = bytearray()
    for n in range(SAMPLE_RATE * seconds):
        frequency = 440 if (n // SAMPLE_RATE) % 2 == 0 else 660
        frames += struct.pack("<h", int(3000 * math.sin(2 * math.pi * frequency * n / SAMPLE_RATE)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def call_with_dialog(operator: Operator) -> Call:
    call = CallFactory(
        operator=operator,
        external_id="crm-2024-000153",
        duration=AUDIO_SECONDS,
        customer_phone_masked="+7 9** ***-**-67",
        outcome=Call.Outcome.RESOLVED,
        audio_format="wav",
        audio_codec="pcm_s16le",
        sample_rate=SAMPLE_RATE,
    )
    call.audio.save("dialog.wav", ContentFile(wav_bytes()))
    for index, (speaker, start, end, text) in enumerate(DIALOG):
        SegmentFactory(call=call, index=index, speaker=speaker, start=start, end=end, text=text)
    now = timezone.now()
    for offset, status, note in [
        (0, Call.Status.QUEUED, ""),
        (1, Call.Status.TRANSCRIBING, "worker-1:4121"),
        (40, Call.Status.TRANSCRIBED, "Реплик: 6"),
        (42, Call.Status.ANALYSED, ""),
    ]:
        CallStatusChange.objects.create(
            call=call, status=status, note=note, at=now + timedelta(seconds=offset)
        )
    return call


def test_operator_listens_from_a_segment(page: Page, screenshot: Callable[[str], None]) -> None:
    operator = OperatorFactory(display_name="Анна Смирнова")
    call = call_with_dialog(operator)
    now = timezone.now()
    CallFactory(
        operator=operator,
        started_at=now - timedelta(hours=2),
        duration=74,
        status=Call.Status.TRANSCRIBING,
    )
    CallFactory(
        operator=operator,
        started_at=now - timedelta(hours=5),
        duration=305,
        direction=Call.Direction.OUTBOUND,
        status=Call.Status.FAILED,
        outcome=Call.Outcome.NO_SALE,
        failure_reason="Запись слишком тихая: речь не найдена.",
    )
    CallFactory(external_id="someone-elses-call")

    log_in(page, operator.user.username)

    expect(page.get_by_role("heading", name="Мои звонки")).to_be_visible()
    rows = page.locator("table.calls-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("tr[data-call-id]").filter(has_text="ошибка")).to_have_count(1)
    expect(page.get_by_text("someone-elses-call")).to_have_count(0)
    screenshot("call-list")

    page.locator(f'tr[data-call-id="{call.pk}"] a').click()
    page.wait_for_url(f"**/calls/{call.pk}/")
    expect(page.get_by_role("heading", name="Звонок crm-2024-000153")).to_be_visible()
    segments = page.locator("[data-transcript] [data-start]")
    expect(segments).to_have_count(len(DIALOG))

    # Click the text of the fourth segment (6.5 s): the player jumps there and plays.
    target = segments.nth(3)
    target.locator(".segment__text").click()
    page.wait_for_function(
        """() => {
            const audio = document.querySelector("[data-call-audio]");
            return !audio.paused && audio.currentTime >= 6.5 && audio.currentTime < 8.5;
        }"""
    )
    expect(target).to_have_class(PLAYING)

    # And its time button does the same for another segment.
    segments.nth(1).get_by_role("button").click()
    page.wait_for_function(
        """() => {
            const audio = document.querySelector("[data-call-audio]");
            return !audio.paused && audio.currentTime >= 2.0 && audio.currentTime < 4.0;
        }"""
    )
    expect(segments.nth(1)).to_have_class(PLAYING)
    expect(target).not_to_have_class(PLAYING)
    screenshot("call-detail")


def test_page_of_call_in_progress_refreshes_when_it_is_done(page: Page) -> None:
    operator = OperatorFactory()
    call = CallFactory(operator=operator, status=Call.Status.TRANSCRIBING)
    log_in(page, operator.user.username)

    page.goto(f"/calls/{call.pk}/")
    expect(page.get_by_text("Звонок обрабатывается")).to_be_visible()

    Call.objects.filter(pk=call.pk).update(status=Call.Status.ANALYSED)
    SegmentFactory(call=call, index=0, text="Расшифровка готова")

    expect(page.get_by_text("Расшифровка готова")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Звонок обрабатывается")).to_have_count(0)


def test_manager_retries_a_failed_call(page: Page) -> None:
    manager = UserFactory(username="manager-e2e", role=Role.MANAGER)
    operator = OperatorFactory(team=TeamFactory(manager=manager))
    call = CallFactory(
        operator=operator, status=Call.Status.FAILED, failure_reason="Ошибка анализа: сбой словаря"
    )
    SegmentFactory(call=call, index=0, text="Здравствуйте")
    log_in(page, manager.username)

    page.goto(f"/calls/{call.pk}/")
    expect(page.locator(".failure-reason")).to_have_text("Ошибка анализа: сбой словаря")
    page.get_by_role("button", name="Повторить").click()

    page.wait_for_url(f"**/calls/{call.pk}/")
    expect(page.locator(".messages")).to_contain_text("повторную обработку")
    # Tasks run in-process in tests: the transcript was analysed again right away.
    expect(page.locator(".page-head .badge")).to_have_text("Проанализирован")
    expect(page.get_by_role("button", name="Повторить")).to_have_count(0)

"""In a real browser: a manager drops and picks several recordings, watches each one's progress,
and reads a refusal in Russian for the broken one while the others are accepted."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from calls.models import Call
from tests.audio_samples import write_wav
from tests.e2e.conftest import log_in
from tests.factories import LineFactory, OperatorFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_uploads_several_files_and_reads_each_answer(
    page: Page, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    manager = UserFactory(username="manager-upload", role="manager")
    operator = OperatorFactory(team=TeamFactory(manager=manager), code="anna",
                               display_name="Анна Соколова")
    LineFactory(code="sales", name="Продажи")
    first = write_wav(tmp_path / "first.wav", 1.0)
    second = write_wav(tmp_path / "second.wav", 1.0, freq=600)
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"this is not a recording\n" * 40)
    dropped = base64.b64encode(write_wav(tmp_path / "dropped.wav", 1.0, freq=900).read_bytes())

    log_in(page, "manager-upload")
    page.get_by_role("link", name="Загрузить записи").click()
    page.wait_for_url("**/calls/upload/")
    expect(page.get_by_role("heading", name="Загрузка записей")).to_be_visible()

    page.get_by_label("Линия").select_option("sales")
    page.get_by_label("Оператор").select_option("anna")
    page.get_by_label("Направление").select_option("outbound")
    page.locator("input[type=file]").set_input_files([str(first), str(broken), str(second)])
    # Drag and drop: the same drop event a file dragged from the desktop fires.
    page.evaluate(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "dropped.wav", {type: "audio/wav"}));
            const zone = document.querySelector("[data-dropzone]");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        dropped.decode(),
    )
    rows = page.locator("[data-upload-list] .upload-item")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Готова к загрузке")).to_have_count(4)

    page.get_by_role("button", name="Загрузить", exact=True).click()

    done = rows.filter(has_text="Принята")
    # Each upload is decoded and checked on the server one after another; on a loaded 2-core CI
    # box three of them took longer than playwright's default 5 s.
    expect(done).to_have_count(3, timeout=30_000)
    refused = rows.filter(has_text="broken.mp3")
    expect(refused).to_contain_text("Это не аудиофайл или его формат не поддерживается.")
    expect(refused).to_have_class(re.compile(r"upload-item--refused"))
    # The refusal did not clear the other files: every row is still there, each with its answer.
    expect(rows).to_have_count(4)
    for name in ("first.wav", "second.wav", "dropped.wav"):
        row = rows.filter(has_text=name)
        expect(row).to_have_class(re.compile(r"upload-item--done"))
        assert row.locator("progress").evaluate("p => p.value") == 100
    screenshot("call-upload")

    calls = Call.objects.order_by("pk")
    assert calls.count() == 3
    assert {call.operator_id for call in calls} == {operator.pk}
    assert {call.direction for call in calls} == {"outbound"}
    assert {call.source for call in calls} == {Call.Source.PAGE}

    # The link opens the call, which the manager may see.
    done.first.get_by_role("link", name="открыть звонок").click()
    page.wait_for_url(re.compile(r"/calls/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("Звонок"))).to_be_visible()

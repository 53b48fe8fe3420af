"""The report's PDF: its words and numbers, links that still open the calls, no network."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import override_settings
from pypdf import PdfReader

from coaching.reports.pdf import offline_fetcher, report_filename, report_pdf
from coaching.reports.services import report_generate
from tests.coaching.competency.conftest import Competency
from tests.coaching.reports.conftest import NOVEMBER, Moments


def _links(reader: PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


@override_settings(SITE_URL="https://slyshu.example")
def test_pdf_has_the_sentence_skills_numbers_and_absolute_links(
        competency: Competency, moments: Moments) -> None:
    report = report_generate(operator=competency.a, date_from=NOVEMBER[0],
                             date_to=NOVEMBER[1], created_by=competency.team.manager)
    reader = PdfReader(BytesIO(report_pdf(report, competency.team.manager)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Личный отчёт" in text and "01.11.2026 — 30.11.2026" in text
    assert "Вы блестяще справляетесь с навыком «Приветствие» (100% звонков)" in text
    assert "в 40% звонков пропускаете этап «Уточнение потребности»" in text
    assert "Уточнение потребности 60%" in text and "23–88%" in text
    assert "что именно вам нужно" in text
    links = _links(reader)
    assert ("https://slyshu.example/coaching/operators/a/skills/need/calls/?status=not_shown"
            "&date_from=2026-11-01&date_to=2026-11-30") in links
    assert f"https://slyshu.example/calls/{moments.colleague.call_id}/#t=12.5" in links
    assert report_filename(report) == "report-a-2026-11-01-2026-11-30.pdf"


def test_pdf_fetches_nothing_from_the_network_or_disk() -> None:
    fetcher = offline_fetcher()
    for url in ("https://cdn.example/font.woff2", "http://127.0.0.1/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"

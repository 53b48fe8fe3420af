"""The journeys' page checker finds each fault it promises to, and passes a page that has none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e import page_checker
from tests.e2e.page_checker import PageChecker, english_faults, plural_faults

FAULTY = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Проверка</title>
<link rel="icon" href="data:,"></head><body>
<header><a href="#">Звонки</a><div style="height: 40px"></div><a href="#">Выйти</a></header>
<div style="width: 3000px">Слишком широкий блок</div>
<p style="width: 60px; overflow: hidden; white-space: nowrap">Очень длинный текст в коробке</p>
<button>Save</button>
<p>Разобрано 3 звонков, в 1 звонках нашлось 2 возражений.</p>
<div style="width: 200px; overflow-x: auto"><table><tr><td style="min-width: 900px">т</td></tr>
</table></div>
<img src="http://example.invalid/pixel.png" alt="">
<script>console.error("сломалось");</script>
</body></html>"""

CLEAN = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Проверка</title>
<link rel="icon" href="data:,"></head><body>
<p>Разобран 21 звонок из 25 звонков; 1,5 минуты; 2 оператора; 11 ответов; Slyshu API, anna.</p>
<p>Команда <code>python manage.py library_review</code>.</p>
</body></html>"""


@pytest.mark.parametrize(("text", "fault"), [
    ("3 звонков", "«3 звонков» (should be «3 звонка»)"),
    ("24 звонков", "«24 звонков» (should be «24 звонка»)"),
    ("21 звонков", "«21 звонков» (should be «21 звонок»)"),
    ("в 1 звонках", "«в 1 звонках» (should be «1 звонок»)"),
    ("5 оператора", "«5 оператора» (should be «5 операторов»)"),
    ("2 минут", "«2 минут» (should be «2 минуты»)"),
    ("1 возражений", "«1 возражений» (should be «1 возражение»)"),
    ("12 ответ", "«12 ответ» (should be «12 ответов»)"),
    ("1\u00a0231 клиентов", "(should be «1231 клиент»)"),
    ("59 звонки", "«59 звонки» (should be «59 звонков»)"),
    ("2 операторы", "«2 операторы» (should be «2 оператора»)"),
])
def test_wrong_plurals_are_found(text: str, fault: str) -> None:
    [found] = plural_faults(f"Итого: {text}.")
    assert fault in found


@pytest.mark.parametrize("text", [
    "1 звонок", "3 звонка", "5 звонков", "11 звонков", "21 звонок", "111 звонков",
    "из 3 звонков", "более 2 минут", "в 3 звонках", "1,5 минуты", "0:06 ответ", "звонок 18",
    "22 клиента", "1001 оператор", "1\u00a0234 клиента", "1 из 2 операторов",
])
def test_right_plurals_pass(text: str) -> None:
    assert plural_faults(text) == []


def test_english_words_are_found_but_names_codes_and_abbreviations_pass() -> None:
    assert english_faults("Сохранить Save changes", data_words=set()) == [
        "English in visible text: Save, changes"]
    assert english_faults("Slyshu, API, CRM, PDF, anna, price_too_high, demo-001.ogg, a@b.ru",
                          data_words={"anna"}) == []


@pytest.mark.e2e
def test_the_checker_finds_every_kind_of_fault_and_passes_a_clean_page(
    page: Page, live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_checker, "SCREENSHOT_DIR", tmp_path)
    page.route("http://example.invalid/**", lambda route: route.abort())

    def serve(html: str) -> Any:
        return lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=html)

    page.route("**/checker/faulty/", serve(FAULTY))
    page.route("**/checker/clean/", serve(CLEAN))
    checker = PageChecker(page=page, journey="checker", base_url=live_server.url,
                          data_words={"anna"})

    page.goto("/checker/clean/")
    checker.check("clean")
    assert checker.faults == []

    page.goto("/checker/faulty/")
    checker.check("faulty")
    found = "\n".join(checker.faults)
    for fault in (
        "page is 30", "text cut off at the side", "English in visible text: Save",
        "3 звонков» (should be «3 звонка»)", "«в 1 звонках»",
        "2 возражений» (should be «2 возражения»)", "table wider than its box",
        "console error: сломалось", "the header wraps onto more than one line",
        "request to another host: http://example.invalid/pixel.png",
    ):
        assert fault in found, found
    assert "@ 1366px" in found and "@ 1920px" in found
    assert {path.name for path in tmp_path.joinpath("checker").iterdir()} == {
        "01-clean-1366.png", "01-clean-1920.png", "02-faulty-1366.png", "02-faulty-1920.png"}
    with pytest.raises(AssertionError, match="Faults on the journey's pages"):
        checker.assert_clean()

"""The CRM sidebar in a real browser, framed by a host page from another origin: sign in inside
the frame, find the objection, compose the answer, insert it, and the host receives the text by
postMessage. A host origin that is not configured cannot frame it (CSP frame-ancestors)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from project.roles import Role
from scripts_library.models import SidebarEvent
from scripts_library.sidebar.suggest import SIDEBAR_LIBRARY
from tests.e2e.conftest import log_in
from tests.factories import OperatorFactory, UserFactory
from tests.scripts_library.sidebar.library_data import make_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>CRM</title></head>
<body>
<h1>Карточка клиента</h1>
<textarea id="reply" aria-label="Ответ клиенту"></textarea>
<pre id="message"></pre>
<iframe id="sidebar" title="Подсказки" src="{src}" width="420" height="800"></iframe>
<script>
window.addEventListener("message", function (event) {{
  if (event.origin !== "{sidebar_origin}" || !event.data || event.data.type !== "slyshu:insert") {{
    return;
  }}
  document.getElementById("reply").value = event.data.text;
  document.getElementById("message").textContent = JSON.stringify(event.data);
}});
</script>
</body></html>
"""


class HostServer:
    """A CRM page on its own port: another origin than the live server's."""

    def __init__(self, html: str) -> None:
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sidebar_settings(settings: SettingsWrapper) -> Iterator[SettingsWrapper]:
    settings.SIDEBAR_RECHECK_SECONDS = 0
    settings.SIDEBAR_THROTTLE_RATE = ""
    SIDEBAR_LIBRARY.forget()
    yield settings
    SIDEBAR_LIBRARY.forget()


def host_html(live_server: object) -> str:
    url = live_server.url  # type: ignore[attr-defined]
    return HOST_PAGE.format(src=f"{url}/sidebar/?call=CRM-E2E", sidebar_origin=url)


def test_the_framed_sidebar_inserts_the_answer_into_the_host(
    page: Page, live_server: object, sidebar_settings: SettingsWrapper, screenshot: Any
) -> None:
    library = make_library()
    OperatorFactory(user=UserFactory(username="anna-sidebar", role=Role.OPERATOR), code="anna")
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.type == "error":
            refused.append(message.text)

    page.on("console", watch)
    with HostServer(host_html(live_server)) as host:
        sidebar_settings.SIDEBAR_ORIGINS = [host.origin]
        page.goto(f"{host.origin}/")
        frame = page.frame_locator("#sidebar")
        frame.get_by_label("Имя пользователя").fill("anna-sidebar")
        frame.get_by_label("Пароль").fill("password")
        frame.get_by_role("button", name="Войти").click()

        # The script is deferred: Ctrl+Enter pressed before it runs would do nothing.
        expect(frame.locator("html[data-ready=true]")).to_have_count(1)
        words = frame.get_by_label("Что сказал клиент")
        words.fill("Ну не знаю, это слишком дорого для нас")
        words.press("Control+Enter")
        expect(frame.get_by_role("radio", name="Слишком дорого")).to_be_checked()
        expect(frame.get_by_role("status")).to_have_text("Найдено: 1\u00a0возражение.")
        # The second way to acknowledge, chosen with the keyboard: Enter inserts.
        second = frame.get_by_role("radio", name="Да, сумма заметная.")
        second.check()
        expected = ("Да, сумма заметная. Тариф окупается за два месяца. "
                    "С чем вы сравниваете?")
        expect(frame.get_by_label("Ответ целиком")).to_have_value(expected)
        second.press("Enter")

        expect(page.get_by_label("Ответ клиенту")).to_have_value(expected)
        message = page.locator("#message")
        expect(message).to_contain_text('"type":"slyshu:insert"')
        expect(message).to_contain_text('"objection":"price"')
        expect(message).to_contain_text(
            f'"blocks":[{library.price_ack[1].pk},{library.price_arg.pk},'
            f'{library.price_question.pk}]'
        )
        expect(frame.get_by_role("status")).to_have_text("Ответ вставлен в CRM.")
        # Inside the CRM's frame there is no way «back» to the site.
        expect(frame.locator("[data-home-link]")).to_be_hidden()
        screenshot("sidebar-inserted")

        # A theme picked without text shows its objections too.
        frame.get_by_label("Или выберите тему").select_option(label="Не уверен")
        expect(frame.get_by_role("radio", name="Надо подумать")).to_be_checked()
        expect(frame.get_by_role("radio", name="Что вызывает сомнения?")).to_be_checked()

    page.wait_for_timeout(300)  # the events are sent without waiting for their answer
    inserted = SidebarEvent.objects.filter(kind=SidebarEvent.Kind.INSERTED)
    assert sorted(inserted.values_list("block_id", flat=True)) == sorted(
        [library.price_ack[1].pk, library.price_arg.pk, library.price_question.pk])
    assert set(inserted.values_list("call_external_id", "operator__code")) == {
        ("CRM-E2E", "anna")}
    assert SidebarEvent.objects.filter(kind=SidebarEvent.Kind.SHOWN).exists()
    assert not refused


def test_an_unconfigured_origin_cannot_frame_the_sidebar(
    page: Page, live_server: object, sidebar_settings: SettingsWrapper
) -> None:
    with HostServer(host_html(live_server)) as host:
        sidebar_settings.SIDEBAR_ORIGINS = ["https://crm.example.ru"]
        refused: list[str] = []
        page.on("console", lambda message: refused.append(message.text))
        page.goto(f"{host.origin}/")
        page.wait_for_timeout(1000)
        frame = page.frame_locator("#sidebar")
        expect(frame.get_by_label("Имя пользователя")).to_have_count(0)
        assert any("frame-ancestors" in text for text in refused), refused


def test_an_operator_opens_the_sidebar_from_the_menu_and_comes_back(
    page: Page, live_server: object, sidebar_settings: SettingsWrapper
) -> None:
    make_library()
    OperatorFactory(user=UserFactory(username="olga-sidebar", role=Role.OPERATOR), code="olga")
    log_in(page, "olga-sidebar")

    page.get_by_role("navigation", name="Основная навигация").get_by_role(
        "link", name="Подсказки").click()

    expect(page).to_have_url(f"{live_server.url}/sidebar/")  # type: ignore[attr-defined]
    expect(page.get_by_label("Что сказал клиент")).to_be_visible()
    expect(page.get_by_text("Что это и как попробовать")).to_have_count(0)
    page.get_by_role("link", name="← В «Слышу»").click()
    expect(page).to_have_url(f"{live_server.url}/calls/")  # type: ignore[attr-defined]


def test_a_manager_reads_what_the_sidebar_is_for(
    page: Page, live_server: object, sidebar_settings: SettingsWrapper, screenshot: Any
) -> None:
    UserFactory(username="max-manager", role=Role.MANAGER)
    log_in(page, "max-manager")

    page.goto(f"{live_server.url}/sidebar/")  # type: ignore[attr-defined]

    expect(page.get_by_text("Что это и как попробовать")).to_be_visible()
    expect(page.get_by_text("python manage.py sidebar_token КОД_ОПЕРАТОРА")).to_be_visible()
    expect(page.get_by_label("Что сказал клиент")).to_have_count(0)
    screenshot("sidebar-manager")

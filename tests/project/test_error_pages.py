"""400, 403, 404 and 500 are Russian pages in the site's layout, not Django's bare English ones."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.template import loader
from django.test import Client, RequestFactory
from django.views.defaults import bad_request, server_error

from calls.models import Call
from tests.factories import CallFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

# Django's own pages say these; none of them may reach a person.
ENGLISH = re.compile(
    r"Not Found|Forbidden|Server Error|Bad Request|Page not found|CSRF verification", re.I
)


def _assert_in_layout(html: str) -> None:
    assert 'class="topbar"' in html
    assert "slyshu.css" in html
    assert 'lang="ru"' in html
    assert not ENGLISH.search(html), html


def test_404_is_russian_in_the_layout_with_the_users_menu(client: Client) -> None:
    operator = OperatorFactory()
    client.force_login(operator.user)

    response = client.get("/calls/987654/")

    assert response.status_code == 404
    html = response.content.decode()
    _assert_in_layout(html)
    assert "Страница не найдена" in html
    # The request is there, so the person keeps their navigation.
    assert "Мои звонки" in html and "Выйти" in html


def test_404_for_an_unknown_address_when_signed_out(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    _assert_in_layout(html)
    assert "Страница не найдена" in html


def test_403_is_russian_in_the_layout(client: Client) -> None:
    operator = OperatorFactory()
    call = CallFactory(operator=operator, status=Call.Status.FAILED)
    client.force_login(operator.user)

    # Retrying needs calls.change_call, which an operator does not have.
    response = client.post(f"/calls/{call.pk}/retry/")

    assert response.status_code == 403
    html = response.content.decode()
    _assert_in_layout(html)
    assert "Доступ запрещён" in html


def test_csrf_failure_is_russian_in_the_layout() -> None:
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/logout/")

    assert response.status_code == 403
    html = response.content.decode()
    _assert_in_layout(html)
    assert "Форма устарела" in html


def test_500_template_renders_without_any_context() -> None:
    # server_error renders 500.html with no request and no context processors.
    html = loader.get_template("500.html").render()
    _assert_in_layout(html)
    assert "Ошибка на сервере" in html

    response = server_error(RequestFactory().get("/calls/"))
    assert response.status_code == 500
    assert "Ошибка на сервере" in response.content.decode()


def test_400_renders_even_for_a_request_refused_before_authentication() -> None:
    # A bad Host header is refused by CommonMiddleware, before request.user exists.
    response = bad_request(RequestFactory().get("/"), SuspiciousOperation("too many files"))

    assert response.status_code == 400
    html = response.content.decode()
    _assert_in_layout(html)
    assert "Неверный запрос" in html


def test_a_bad_host_header_gets_the_russian_400_page(client: Client) -> None:
    response = client.get("/calls/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    _assert_in_layout(response.content.decode())

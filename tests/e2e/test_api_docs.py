"""Swagger UI at /api/docs/ renders the operations from our own static files, with no internet."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from project.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def test_swagger_ui_renders_the_operations_offline(page: Page) -> None:
    UserFactory(username="admin-docs", role=Role.ADMIN)
    outside: list[str] = []

    def only_local(route: Route, request: Request) -> None:
        # Anything that would leave this machine (a CDN) is refused and remembered.
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    page.route("**/*", only_local)
    log_in(page, "admin-docs")
    page.goto("/api/docs/")

    operation = page.locator('.opblock-summary-path[data-path="/api/v1/calls/"]').first
    expect(operation).to_be_visible()
    expect(page.locator(".opblock-post .opblock-summary-path[data-path='/api/v1/calls/']")) \
        .to_be_visible()
    assert outside == []
    assets = page.evaluate(
        "() => [...document.querySelectorAll('script[src], link[href]')]"
        ".map(e => e.src || e.href)"
    )
    assert any("swagger-ui-dist" in url for url in assets), assets
    assert all(urlsplit(url).hostname in LOCAL_HOSTS for url in assets), assets

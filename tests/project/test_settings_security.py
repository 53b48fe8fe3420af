"""project/settings: the Content-Security-Policy (django-csp) on every page, with nonces on the
few inline scripts and styles; HSTS and the HTTPS redirect in production; `check --deploy` clean."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagFactory,
    UserFactory,
    client_for,
)

ROOT = Path(__file__).resolve().parents[2]
INLINE = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in
            (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_every_page_has_a_strict_policy_and_its_inline_blocks_carry_the_nonce() -> None:
    admin: User = UserFactory(role=Role.ADMIN)
    tag = TagFactory()
    phrase = KeyPhraseFactory(tag=tag)
    call = CallFactory()
    SegmentFactory(call=call)
    CallTagFactory(call=call, tag=tag)
    client = client_for(admin)
    pages = ["/calls/", f"/calls/{call.pk}/", "/calls/upload/", "/taxonomy/",
             f"/taxonomy/tags/{tag.pk}/", f"/taxonomy/phrases/{phrase.pk}/",
             f"/taxonomy/tags/{tag.pk}/phrases/new/", "/taxonomy/try/", "/api/docs/"]
    inline_seen = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        for kind in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[kind] and "'self'" in policy[kind], url
        # django-csp puts a nonce in the header only when a template used it.
        nonces = {value[7:-1] for kind in ("script-src", "style-src") for value in policy[kind]
                  if value.startswith("'nonce-")}
        html = response.content.decode()
        # The policy forbids inline attributes outright: none may be in the markup.
        assert not re.search(r"\sstyle=\"|\son[a-z]+=\"", html), url
        for tag_name, attributes in INLINE.findall(html):
            if "src=" in attributes or 'type="application/json"' in attributes:
                continue
            inline_seen += 1
            assert len(nonces) == 1, (url, policy)
            assert f'nonce="{nonces.pop()}"' in attributes, (url, tag_name, attributes)
            nonces = {re.search(r'nonce="([^"]+)"', attributes).group(1)}  # type: ignore[union-attr]
    assert inline_seen >= 4  # the call's tag chips, the reanalysis, the form fields, the styles


def _python(code: str, settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items()
             if key not in {"SECRET_KEY", "CUSTOMER_KEY_SECRET", "DATABASE_URL",
                            "CSP_FRAME_ANCESTORS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}}
    return subprocess.run(
        [sys.executable, *code.split()] if code.startswith("manage.py") else
        [sys.executable, "-c", code],
        cwd=ROOT, text=True, capture_output=True, timeout=120,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
    )


PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50),
              "CUSTOMER_KEY_SECRET": secrets.token_urlsafe(50),
              "DATABASE_URL": "postgres://slyshu@db.example.ru:5432/slyshu",
              "ALLOWED_HOSTS": "slyshu.example.ru"}
SHOW = ("import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-ancestors'], "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT]))")


def test_production_is_https_only_and_the_frame_ancestors_are_configurable() -> None:
    defaults = _python(SHOW, "project.settings.production", **PRODUCTION)
    assert defaults.returncode == 0, defaults.stderr
    assert json.loads(defaults.stdout.splitlines()[-1]) == [["'self'"], 31536000, True]

    crm = _python(SHOW, "project.settings.production", **PRODUCTION,
                  CSP_FRAME_ANCESTORS="'self', https://crm.example.ru",
                  SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="60")
    assert crm.returncode == 0, crm.stderr
    assert json.loads(crm.stdout.splitlines()[-1]) == [
        ["'self'", "https://crm.example.ru"], 60, False]


def test_check_deploy_is_clean_with_real_secrets() -> None:
    result = _python("manage.py check --deploy --fail-level WARNING",
                     "project.settings.production", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

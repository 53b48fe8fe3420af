"""Every page says it is Russian (`<html lang="ru">`): the browser's spell-check, hyphenation,
screen readers and its own widgets follow that attribute."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from tests.factories import client_for

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = ["templates", "calls/templates", "coaching/templates", "scripts_library/templates"]


def _pages() -> list[Path]:
    return [path for directory in TEMPLATE_DIRS for path in (ROOT / directory).rglob("*.html")
            if "<html" in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", _pages(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_page_of_its_own_says_russian(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    declared = 'lang="ru"' in text or (
        'lang="{{ LANGUAGE_CODE }}"' in text and "get_current_language as LANGUAGE_CODE" in text)
    assert declared


@pytest.mark.django_db
def test_the_admin_says_russian_and_names_the_product() -> None:
    admin = User.objects.create_superuser("root", "root@example.ru", "password")
    html = client_for(admin).get("/admin/").content.decode()
    assert '<html lang="ru"' in html and "Администрирование «Слышу»" in html
    assert "Django" not in html.split("<body", 1)[1].split('id="content"', 1)[0]
    # Every section in Russian, the login throttling's (django-axes) too.
    assert "Защита входа" in html and ">Axes<" not in html

"""project/wsgi.py and project/asgi.py: without DJANGO_SETTINGS_MODULE they load the production
settings (which refuse to start without real secrets); manage.py alone defaults to local."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _import(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items()
             if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "CUSTOMER_KEY_SECRET",
                            "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}; from django.conf import settings; "
                               "print(settings.SETTINGS_MODULE)"],
        cwd=BASE_DIR, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("module", ["project.wsgi", "project.asgi"])
def test_the_server_entry_points_default_to_production(module: str) -> None:
    result = _import(module)
    # The production settings refuse the development key: that refusal is the proof.
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["project.wsgi", "project.asgi"])
def test_an_explicit_settings_module_still_wins(module: str) -> None:
    result = _import(module, DJANGO_SETTINGS_MODULE="project.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "project.settings.local"


def test_manage_py_defaults_to_local() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.SETTINGS_MODULE)"],
        cwd=BASE_DIR, env={key: value for key, value in os.environ.items()
                           if key != "DJANGO_SETTINGS_MODULE"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "project.settings.local"

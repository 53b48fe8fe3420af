"""Settings, roles and privacy helpers the rest of the platform leans on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from calls.privacy import customer_key, mask_phone
from calls.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def _check(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "CUSTOMER_KEY_SECRET", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, text=True,
        capture_output=True, env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
    )


def test_production_refuses_the_default_secret_key() -> None:
    result = _check("project.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_real_secrets() -> None:
    result = _check("project.settings.production", SECRET_KEY="s" * 40,
                    CUSTOMER_KEY_SECRET="c" * 40, DATABASE_URL="postgres://u@127.0.0.1/x")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("AUDIO_MAX_SECONDS", "ten", "is not a number"),
    ("WHISPER_CPU_THREADS", "0", "below the minimum"),
    ("Q_BROKER", "rabbit", "must be one of: orm, redis"),
    ("WHISPER_WORD_TIMESTAMPS", "maybe", "is not a boolean"),
])
def test_bad_environment_values_give_clear_errors(name: str, value: str, message: str) -> None:
    result = _check("project.settings.local", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr and message in result.stderr


def test_sqlite_runs_in_wal_mode(db: None) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; a file database must.
    assert mode in ("wal", "memory")
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5


def test_roles_exist_with_permissions(db: None) -> None:
    groups = {group.name: group for group in Group.objects.all()}
    assert set(groups) >= {role.value for role in Role}
    operator_perms = {p.codename for p in groups["operator"].permissions.all()}
    assert operator_perms == {"view_call", "view_segment"}
    assert groups["admin"].permissions.filter(codename="delete_call").exists()


def test_phone_is_hashed_with_a_key_and_masked(settings) -> None:  # type: ignore[no-untyped-def]
    assert customer_key("8 (912) 345-67-89") == customer_key("+79123456789")
    assert customer_key("9123456789") == customer_key("+7 912 345 67 89")
    key = customer_key("+79123456789")
    settings.CUSTOMER_KEY_SECRET = "another-secret"
    assert customer_key("+79123456789") != key
    assert mask_phone("+79123456789") == "+7 9** ***-**-89"
    assert customer_key("") == "" and mask_phone("") == ""

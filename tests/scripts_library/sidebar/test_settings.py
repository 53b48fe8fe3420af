"""The sidebar's settings read from the environment fail loudly on nonsense."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from project.env import env_origins, env_rate


def test_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIDEBAR_ORIGINS", "https://crm.example.ru, http://localhost:8080")
    assert env_origins("SIDEBAR_ORIGINS", []) == ["https://crm.example.ru",
                                                 "http://localhost:8080"]
    monkeypatch.delenv("SIDEBAR_ORIGINS")
    assert env_origins("SIDEBAR_ORIGINS", ["https://a.ru"]) == ["https://a.ru"]


@pytest.mark.parametrize("value", ["crm.example.ru", "https://crm.example.ru/path", "*",
                                   "'self'", "ftp://crm.example.ru", "https://*.example.ru"])
def test_what_is_not_an_origin(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SIDEBAR_ORIGINS", value)
    with pytest.raises(ImproperlyConfigured, match="not an origin"):
        env_origins("SIDEBAR_ORIGINS", [])


@pytest.mark.parametrize("value,expected", [("120/min", "120/min"), ("", ""), ("5/s", "5/s")])
def test_rates(monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    monkeypatch.setenv("SIDEBAR_THROTTLE_RATE", value)
    assert env_rate("SIDEBAR_THROTTLE_RATE", "1/min") == expected


@pytest.mark.parametrize("value", ["many", "10/week", "/min", "x/min"])
def test_bad_rates(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SIDEBAR_THROTTLE_RATE", value)
    with pytest.raises(ImproperlyConfigured):
        env_rate("SIDEBAR_THROTTLE_RATE", "1/min")

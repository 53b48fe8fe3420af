from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings as SettingsWrapper

from scripts_library.sidebar.suggest import SIDEBAR_LIBRARY


@pytest.fixture(autouse=True)
def fresh_sidebar(settings: SettingsWrapper) -> Iterator[None]:
    """Each test sees the library as it stored it: no per-process snapshot or throttle count
    survives from another test (the snapshot is rechecked on every request here)."""
    settings.SIDEBAR_RECHECK_SECONDS = 0
    settings.SIDEBAR_RANKING_SECONDS = 0
    settings.SIDEBAR_THROTTLE_RATE = "1000/min"
    SIDEBAR_LIBRARY.forget()
    cache.clear()
    yield
    SIDEBAR_LIBRARY.forget()
    cache.clear()

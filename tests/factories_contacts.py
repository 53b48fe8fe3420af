"""Factories and helpers for calls/contacts/ tests (repeat contacts, resolution, goals)."""

from __future__ import annotations

from datetime import datetime, timedelta

from calls.models import Call
from tests.factories import CallFactory


def customer_calls(key: str, start: datetime, *offsets: timedelta, duration: float = 60.0,
                   **fields: object) -> list[Call]:
    """Calls of one customer at `start + offset` each (stored in the order given)."""
    return [
        CallFactory(customer_key=key, started_at=start + offset, duration=duration, **fields)
        for offset in offsets
    ]

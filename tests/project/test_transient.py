"""project/transient.py: which faults pass, and the bounded retry with back-off."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError

from project.transient import backoff_delay, is_transient, retry_transient

pytestmark = pytest.mark.django_db


class _PsycopgLike(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def _wrapped(cause: Exception) -> OperationalError:
    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("database table is locked: calls_call"),
        InterfaceError("connection already closed"),
        OperationalError("server closed the connection unexpectedly"),
        _wrapped(_PsycopgLike("40001")),  # serialization failure
        _wrapped(_PsycopgLike("40P01")),  # deadlock detected
        _wrapped(_PsycopgLike("08006")),  # connection failure
        ConnectionError("Connection refused"),
    ],
)
def test_transient_faults(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("UNIQUE constraint failed: calls_calltag.id"),
        OperationalError("no such column: calls_call.nonexistent"),
        ValueError("database is locked"),  # not a database error: a defect that says so
        KeyError("segments"),
    ],
)
def test_defects_are_not_transient(error: Exception) -> None:
    assert not is_transient(error)


def test_a_passing_fault_is_retried_until_it_passes() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "done"

    assert retry_transient(flaky, attempts=5, base_delay=0.5, sleep=waits.append) == "done"
    assert len(calls) == 3 and len(waits) == 2
    assert 0 <= waits[0] <= 0.5 and 0 <= waits[1] <= 1.0


def test_a_defect_is_raised_at_once() -> None:
    waits: list[float] = []

    def broken() -> None:
        raise IntegrityError("NOT NULL constraint failed")

    with pytest.raises(IntegrityError):
        retry_transient(broken, attempts=5, base_delay=0.1, sleep=waits.append)
    assert waits == []


def test_the_count_is_bounded() -> None:
    attempts: list[int] = []

    def locked() -> None:
        attempts.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        retry_transient(locked, attempts=4, base_delay=0.01, sleep=lambda _s: None)
    assert len(attempts) == 4


def test_backoff_grows_and_is_capped() -> None:
    assert all(0 <= backoff_delay(0, base=1, cap=30) <= 1 for _ in range(50))
    assert all(0 <= backoff_delay(10, base=1, cap=30) <= 30 for _ in range(50))

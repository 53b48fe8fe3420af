"""Telling a passing fault (a locked database, a lost connection, a deadlock, a broker outage)
from a defect, and retrying the first with back-off.

A transient fault says nothing about the work: the same work succeeds a moment later. Services
retry it a bounded number of times; when it persists they leave the work in its waiting state
for their app's periodic recovery, and only a defect marks the work failed.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, InterfaceError, connection

logger = logging.getLogger(__name__)

T = TypeVar("T")

# SQLSTATE classes and codes that mean "try again": serialization failure, deadlock, lock not
# available, connection exceptions (08…), server shutting down (57P0…).
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03"}
_TRANSIENT_SQLSTATE_CLASSES = {"08"}
_TRANSIENT_MESSAGES = (
    "database is locked",
    "database table is locked",
    "deadlock",
    "could not serialize access",
    "server closed the connection",
    "connection already closed",
    "connection is closed",
    "terminating connection",
    "could not connect",
    "connection refused",
    "connection reset",
    "the connection is lost",
    "ssl connection has been closed",
)


def is_transient(error: BaseException) -> bool:
    """True for a fault that the same work would not meet a moment later."""
    for fault in _chain(error):
        sqlstate = getattr(fault, "sqlstate", None) or getattr(fault, "pgcode", None)
        if isinstance(sqlstate, str) and (
            sqlstate in _TRANSIENT_SQLSTATES or sqlstate[:2] in _TRANSIENT_SQLSTATE_CLASSES
        ):
            return True
        if isinstance(fault, InterfaceError):
            return True
        if isinstance(fault, DatabaseError | ConnectionError | TimeoutError):
            text = str(fault).lower()
            if isinstance(fault, ConnectionError | TimeoutError) or any(
                marker in text for marker in _TRANSIENT_MESSAGES
            ):
                return True
        if type(fault).__module__.startswith("redis") and type(fault).__name__ in (
            "ConnectionError", "TimeoutError", "BusyLoadingError",
        ):
            return True
    return False


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def backoff_delay(attempt: int, *, base: float, cap: float) -> float:
    """Full jitter: a random wait up to base·2^attempt, so retrying workers do not collide again."""
    return random.uniform(0, min(cap, base * 2**attempt))


def retry_transient(
    func: Callable[[], T], *, attempts: int, base_delay: float, max_delay: float = 30.0,
    what: str = "work", sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `func`, retrying a transient fault up to `attempts` times in all; a defect, or a
    transient fault that outlasts the attempts, is raised to the caller."""
    for attempt in range(attempts):
        try:
            return func()
        except Exception as error:
            if not is_transient(error) or attempt == attempts - 1:
                raise
            delay = backoff_delay(attempt, base=base_delay, cap=max_delay)
            logger.warning("Transient fault in %s (attempt %d of %d), retrying in %.1f s: %s",
                           what, attempt + 1, attempts, delay, error)
            if not connection.in_atomic_block:
                # A lost connection is reopened by the next query only once Django drops it.
                connection.close_if_unusable_or_obsolete()
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover

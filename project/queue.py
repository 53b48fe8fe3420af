"""Handing work to the task cluster: after the transaction commits, and never lost to a broker
outage.

Every service that queues a task goes through `enqueue_on_commit`, so a task never starts before
the rows it reads are committed, and a broker that is down leaves the work where it was (its row
keeps the status that says it is waiting) for the periodic recovery of its app to queue again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Task = str | Callable[..., Any]


def task_path(func: Task) -> str:
    if isinstance(func, str):
        return func
    return f"{func.__module__}.{func.__qualname__}"


def enqueue_on_commit(func: Task, *ids: int) -> None:
    """Queue `func(*ids)` on the cluster once the current transaction commits (now, outside one).

    Tasks take ids, not objects: a task reads the committed rows when it runs.
    """
    path = task_path(func)
    name = "-".join([path.rsplit(".", 1)[-1], *(str(pk) for pk in ids)])

    def send() -> None:
        from django_q.tasks import async_task

        try:
            async_task(path, *ids, task_name=name)
        except Exception:
            logger.exception("Could not enqueue %s; its app's recovery will queue it again", name)

    transaction.on_commit(send)

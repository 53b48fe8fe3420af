"""Handing work to the task cluster: after the transaction commits, and never lost to a broker
outage.

Every service that queues a task goes through `enqueue_on_commit`, so a task never starts before
the rows it reads are committed, and a broker that is down leaves the work where it was (its row
keeps the status that says it is waiting): the message is retried in the background within
seconds, and the recovery of its app queues what is still unsent after that.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

Task = str | Callable[..., Any]


def task_path(func: Task) -> str:
    if isinstance(func, str):
        return func
    return f"{func.__module__}.{func.__qualname__}"


def enqueue_on_commit(func: Task, *ids: int) -> None:
    """Queue `func(*ids)` on the cluster once the current transaction commits (now, outside one).

    Tasks take ids, not objects: a task reads the committed rows when it runs. A broker that
    refuses the message (it is down) does not fail the caller: the message is retried in the
    background for ENQUEUE_RETRY_SECONDS, and past that its app's recovery sends it.
    """
    path = task_path(func)
    name = "-".join([path.rsplit(".", 1)[-1], *(str(pk) for pk in ids)])

    def send() -> None:
        from django_q.tasks import async_task

        try:
            async_task(path, *ids, task_name=name)
        except Exception as error:
            logger.warning("Could not enqueue %s (%s); retrying in the background", name, error)
            RETRIER.add(PendingTask(path=path, ids=ids, name=name,
                                    given_up_at=time.monotonic() + settings.ENQUEUE_RETRY_SECONDS))

    transaction.on_commit(send)


@dataclass(frozen=True)
class PendingTask:
    path: str
    ids: tuple[int, ...]
    name: str
    given_up_at: float  # time.monotonic()


class EnqueueRetrier:
    """One daemon thread per process sends again, in order, the messages the broker refused.

    The upload that queued the call has already answered (its row says "queued", nothing is
    lost); this only makes the wait seconds instead of the minute of the recovery schedule. A
    round stops at the first refusal (the broker is still down) and waits longer each time, up to
    MAX_DELAY; a message older than ENQUEUE_RETRY_SECONDS is left to its app's recovery.
    """

    BASE_DELAY = 1.0
    MAX_DELAY = 15.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[PendingTask] = []
        self._thread: threading.Thread | None = None

    def add(self, task: PendingTask) -> None:
        if settings.ENQUEUE_RETRY_SECONDS <= 0:
            logger.warning("%s left to its app's recovery", task.name)
            return
        with self._lock:
            self._pending.append(task)
            if self._thread is None or not self._thread.is_alive():
                self._start()

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="slyshu-enqueue-retry",
                                        daemon=True)
        self._thread.start()

    def pending(self) -> list[PendingTask]:
        with self._lock:
            return list(self._pending)

    def send_round(self) -> bool:
        """Try every pending message once, oldest first. True when none is left."""
        from django_q.tasks import async_task

        for task in self.pending():
            if time.monotonic() > task.given_up_at:
                logger.warning("Gave up enqueueing %s; its app's recovery will send it", task.name)
            else:
                try:
                    async_task(task.path, *task.ids, task_name=task.name)
                except Exception as error:
                    logger.warning("Broker still refuses %s: %s", task.name, error)
                    return False
                logger.info("Enqueued %s after a broker outage", task.name)
            with self._lock:
                self._pending.remove(task)
        return not self.pending()

    def _run(self) -> None:
        from django.db import connections

        try:
            self.retry(sleep=time.sleep)
        finally:
            # The ORM broker wrote through this thread's own connection.
            connections.close_all()

    def retry(self, *, sleep: Callable[[float], None]) -> None:
        """Rounds with a growing wait between them until nothing is pending."""
        attempt = 0
        while True:
            sleep(min(self.MAX_DELAY, self.BASE_DELAY * 2**attempt))
            if self.send_round():
                with self._lock:
                    # A message added while this round ran keeps the thread going.
                    if not self._pending:
                        self._thread = None
                        return
                attempt = 0
            else:
                attempt += 1


RETRIER = EnqueueRetrier()

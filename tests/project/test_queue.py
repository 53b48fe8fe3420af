"""project/queue.py: tasks leave after the commit, and a broker outage loses nothing."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.db import transaction

from project import queue
from project.queue import enqueue_on_commit

pytestmark = pytest.mark.django_db


def test_the_task_is_sent_only_when_the_transaction_commits(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    sent = mock.Mock(name="async_task")
    monkeypatch.setattr("django_q.tasks.async_task", sent)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            enqueue_on_commit("calls.tasks.analyse_call", 7)
            sent.assert_not_called()

    assert len(callbacks) == 1
    sent.assert_called_once_with("calls.tasks.analyse_call", 7, task_name="analyse_call-7")


def test_a_callable_is_sent_by_its_dotted_path(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from calls.tasks import reanalyse_run

    sent = mock.Mock(name="async_task")
    monkeypatch.setattr("django_q.tasks.async_task", sent)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(reanalyse_run, 3)
    sent.assert_called_once_with("calls.tasks.reanalyse_run", 3, task_name="reanalyse_run-3")


def test_a_broker_outage_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("django_q.tasks.async_task", down)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit("calls.tasks.transcribe_call", 5)

    assert "transcribe_call-5" in caplog.text and "recovery" in caplog.text


class _FlakyBroker:
    """async_task against a broker that refuses `failures` messages, then takes them."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sent: list[tuple[object, ...]] = []

    def __call__(self, path: str, *ids: int, task_name: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.sent.append((path, *ids))


def test_a_refused_message_is_retried_within_seconds_in_order(
    monkeypatch: pytest.MonkeyPatch, settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.ENQUEUE_RETRY_SECONDS = 300
    retrier = queue.EnqueueRetrier()
    started: list[bool] = []

    def start() -> None:  # a thread that looks alive and does nothing: the test drives it
        started.append(True)
        retrier._thread = threading.current_thread()

    monkeypatch.setattr(retrier, "_start", start)
    monkeypatch.setattr(queue, "RETRIER", retrier)
    broker = _FlakyBroker(failures=4)
    monkeypatch.setattr("django_q.tasks.async_task", broker)

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit("calls.tasks.transcribe_call", 1)
        enqueue_on_commit("calls.tasks.transcribe_call", 2)

    # Both refused in the request (nothing raised to it); one thread retries them.
    assert [task.ids for task in retrier.pending()] == [(1,), (2,)] and len(started) == 1
    waits: list[float] = []
    retrier.retry(sleep=waits.append)

    assert broker.sent == [("calls.tasks.transcribe_call", 1), ("calls.tasks.transcribe_call", 2)]
    assert retrier.pending() == []
    # Two more refusals, then the broker is back: waits grow from a second and stay short.
    assert waits == [1.0, 2.0, 4.0] and sum(waits) < 10


def test_a_message_refused_for_too_long_is_left_to_the_recovery(
    monkeypatch: pytest.MonkeyPatch, settings, caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    settings.ENQUEUE_RETRY_SECONDS = 300
    retrier = queue.EnqueueRetrier()
    monkeypatch.setattr(retrier, "_start", lambda: None)
    broker = _FlakyBroker(failures=0)
    monkeypatch.setattr("django_q.tasks.async_task", broker)
    retrier.add(queue.PendingTask(path="calls.tasks.transcribe_call", ids=(9,),
                                  name="transcribe_call-9", given_up_at=time.monotonic() - 1))

    assert retrier.send_round()
    assert broker.sent == [] and "recovery" in caplog.text


def test_no_retry_thread_when_retries_are_off(
    monkeypatch: pytest.MonkeyPatch, settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ENQUEUE_RETRY_SECONDS = 0
    retrier = queue.EnqueueRetrier()
    monkeypatch.setattr(retrier, "_start", lambda: pytest.fail("no thread"))
    retrier.add(queue.PendingTask(path="x.y", ids=(1,), name="y-1", given_up_at=0))
    assert retrier.pending() == []


@pytest.mark.django_db(transaction=True)
def test_the_retry_thread_delivers_and_ends(
    monkeypatch: pytest.MonkeyPatch, settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ENQUEUE_RETRY_SECONDS = 300
    monkeypatch.setattr(queue.EnqueueRetrier, "BASE_DELAY", 0.01)
    retrier = queue.EnqueueRetrier()
    broker = _FlakyBroker(failures=1)
    monkeypatch.setattr("django_q.tasks.async_task", broker)
    retrier.add(queue.PendingTask(path="calls.tasks.transcribe_call", ids=(3,),
                                  name="transcribe_call-3", given_up_at=time.monotonic() + 60))
    thread = retrier._thread
    assert thread is not None
    thread.join(10)

    assert not thread.is_alive() and retrier._thread is None
    assert broker.sent == [("calls.tasks.transcribe_call", 3)]

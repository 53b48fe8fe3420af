"""project/queue.py: tasks leave after the commit, and a broker outage loses nothing."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

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

"""calls/health.py, `/health/`: database, broker, a living cluster and the backlog."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import Task

from calls.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def _task_finished(ago: timedelta) -> None:
    at = timezone.now() - ago
    Task.objects.create(id=f"t{ago.total_seconds():.0f}", name="requeue", func="f",
                        started=at, stopped=at, success=True)


def test_healthy_with_its_backlog(client: Client) -> None:
    _task_finished(timedelta(minutes=2))
    waiting = CallFactory(status=Call.Status.QUEUED)
    Call.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    CallFactory(status=Call.Status.ANALYSED)

    response = client.get("/health/")  # no login: a load balancer asks

    assert response.status_code == 200
    report = response.json()
    assert report["ok"] and report["database"]["ok"] and report["broker"]["ok"]
    assert report["cluster"]["silent_seconds"] >= 119
    assert report["backlog"]["waiting_calls"] == 1
    assert 590 <= report["backlog"]["oldest_waiting_seconds"] <= 700
    assert "customer" not in response.content.decode()


def test_a_silent_cluster_is_unhealthy(client: Client) -> None:
    _task_finished(timedelta(minutes=30))
    response = client.get("/health/")
    assert response.status_code == 503
    assert "qcluster" in response.json()["cluster"]["detail"]


def test_a_broker_outage_is_unhealthy(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _task_finished(timedelta(minutes=1))

    def down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("calls.health.get_broker", down)
    response = client.get("/health/")
    assert response.status_code == 503
    broker = response.json()["broker"]
    assert not broker["ok"] and broker["detail"].startswith("Очередь задач недоступна")

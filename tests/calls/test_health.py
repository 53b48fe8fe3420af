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


def test_the_backlog_reports_queue_depth_claims_and_dead_claims(
    client: Client, settings: Any,
) -> None:
    from django_q.brokers import get_broker

    settings.CLAIM_DEAD_AFTER = 35
    _task_finished(timedelta(seconds=30))
    now = timezone.now()
    broker = get_broker()  # ORM, or Redis in the services run
    broker.purge_queue()
    broker.enqueue("x")
    CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=now, heartbeat_at=now)
    CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=now - timedelta(minutes=2),
                heartbeat_at=now - timedelta(minutes=1))
    CallFactory(status=Call.Status.TRANSCRIBED)

    report = client.get("/health/").json()
    broker.purge_queue()

    assert report["backlog"] == {
        "waiting_calls": 0, "oldest_waiting_seconds": None, "queue_depth": 1,
        "transcribing": 2, "dead_claims": 1, "waiting_analysis": 1,
    }
    assert report["broker"]["queue_depth"] == 1
    assert report["cluster"]["running_clusters"] == 0


def test_a_claims_heartbeat_is_a_sign_of_life(client: Client) -> None:
    # The last task finished long ago, but a worker is transcribing a long call and beating.
    _task_finished(timedelta(minutes=40))
    now = timezone.now()
    CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=now - timedelta(minutes=20),
                heartbeat_at=now - timedelta(seconds=5))

    response = client.get("/health/")

    assert response.status_code == 200
    cluster = response.json()["cluster"]
    assert cluster["ok"] and cluster["silent_seconds"] < 60


def test_a_running_cluster_in_the_broker_is_alive(
    client: Client, monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Stat:
        host, status, workers, timestamp = "box-1", "Idle", [1, 2], timezone.now()

    monkeypatch.setattr("django_q.status.Stat.get_all", staticmethod(lambda: [Stat()]))
    report = client.get("/health/").json()
    assert report["cluster"]["ok"] and report["cluster"]["running_clusters"] == 1
    assert "box-1" not in str(report)  # host names are for the staff's page only


def test_the_status_page_in_russian_for_staff(
    client: Client, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from project.roles import Role
    from tests.factories import UserFactory, client_for

    _task_finished(timedelta(minutes=30))
    CallFactory(status=Call.Status.QUEUED)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("calls.health.get_broker", down)
    page = client_for(UserFactory(role=Role.MANAGER)).get("/status/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Состояние системы" in text and "Обработка звонков нарушена" in text
    assert "Очередь задач недоступна" in text
    assert "Кластер задач не отвечает" in text
    assert "Звонков ждут распознавания" in text and "Дольше всех ждёт" in text


def test_the_status_page_is_for_staff_only(client: Client) -> None:
    from project.roles import Role
    from tests.factories import UserFactory, client_for

    assert client.get("/status/").status_code == 302  # to the login page
    operator = client_for(UserFactory(role=Role.OPERATOR))
    assert operator.get("/status/").status_code == 403
    admin = client_for(UserFactory(role=Role.ADMIN))
    _task_finished(timedelta(seconds=10))
    page = admin.get("/status/")
    assert page.status_code == 200
    assert "Звонки принимаются и обрабатываются" in page.content.decode()


@pytest.mark.parametrize(("broker_down", "cluster_alive", "expected"), [
    (True, True, "Очередь задач недоступна: звонок сохранён"),
    (False, False, "Обработчик звонков сейчас не запущен"),
    (False, True, ""),
])
def test_the_call_page_says_why_a_waiting_call_does_not_move(
    monkeypatch: pytest.MonkeyPatch, broker_down: bool, cluster_alive: bool, expected: str,
) -> None:
    from calls import health
    from project.roles import Role
    from tests.factories import UserFactory, client_for

    monkeypatch.setattr(health, "_trouble", (0.0, ""))
    if broker_down:
        def down(*args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("Connection refused.")

        monkeypatch.setattr("calls.health.get_broker", down)
    _task_finished(timedelta(seconds=10) if cluster_alive else timedelta(hours=1))
    call = CallFactory(status=Call.Status.QUEUED)
    done = CallFactory(status=Call.Status.ANALYSED)
    admin = client_for(UserFactory(role=Role.ADMIN))

    text = admin.get(f"/calls/{call.pk}/").content.decode()
    monkeypatch.setattr(health, "_trouble", (0.0, ""))
    done_text = admin.get(f"/calls/{done.pk}/").content.decode()

    if expected:
        assert expected in text
    else:
        assert "data-queue-notice" not in text
    assert "data-queue-notice" not in done_text  # an analysed call waits for nothing


def test_the_notice_is_not_checked_on_every_page_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from calls import health

    monkeypatch.setattr(health, "_trouble", (0.0, ""))
    asked: list[int] = []
    monkeypatch.setattr(health, "_broker", lambda: asked.append(1) or {"ok": False})
    assert health.queue_trouble().startswith("Очередь задач недоступна")
    assert health.queue_trouble().startswith("Очередь задач недоступна")
    assert asked == [1]


def test_the_status_page_counts_open_the_calls_they_count(client: Client) -> None:
    from project.roles import Role
    from tests.factories import UserFactory, client_for

    _task_finished(timedelta(minutes=1))
    CallFactory.create_batch(3, status=Call.Status.QUEUED)
    CallFactory(status=Call.Status.RECEIVED)
    CallFactory(status=Call.Status.TRANSCRIBED)
    admin = client_for(UserFactory(role=Role.ADMIN))
    text = admin.get("/status/").content.decode()
    waiting = text.split('data-check="waiting"')[1].split("</tr>")[0]
    assert 'href="/calls/?status=received&amp;status=queued" data-count-link>4</a>' in waiting
    analysis = text.split('data-check="analysis"')[1].split("</tr>")[0]
    assert 'href="/calls/?status=transcribed" data-count-link>1</a>' in analysis
    listed = admin.get("/calls/?status=received&status=queued")
    assert listed.context["page"].paginator.count == 4

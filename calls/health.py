"""`/health/`: can this installation take and process calls right now?

Database, broker, a living cluster and the backlog, as JSON for a load balancer or a monitoring
probe (200 when calls can flow, 503 when they cannot) and for a person reading it. It shows no
personal data, so it needs no login.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.brokers import get_broker
from django_q.models import Task

from calls.models import Call

# The cluster runs requeue_stuck every 5 minutes (calls/schedules.py) even when it has no calls,
# so a cluster that finished no task for two intervals is not running.
CLUSTER_SILENCE = timedelta(minutes=11)


def _database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return {"ok": False, "detail": f"База данных недоступна: {error}"}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _broker() -> dict[str, Any]:
    try:
        broker = get_broker()
        broker.ping()
        depth = broker.queue_size()
    except Exception as error:
        return {"ok": False, "detail": f"Очередь задач недоступна: {error}"}
    return {"ok": True, "queue_depth": depth}


def _cluster(now: datetime) -> dict[str, Any]:
    last = Task.objects.order_by("-stopped").values_list("stopped", flat=True).first()
    if last is None:
        return {"ok": False, "last_task_at": None,
                "detail": "Кластер задач ещё не выполнил ни одной задачи."}
    silent = (now - last).total_seconds()
    alive = silent <= CLUSTER_SILENCE.total_seconds()
    report: dict[str, Any] = {"ok": alive, "last_task_at": last.isoformat(),
                              "silent_seconds": round(silent)}
    if not alive:
        report["detail"] = "Кластер задач не отвечает: запустите python manage.py qcluster."
    return report


def _backlog(now: datetime) -> dict[str, Any]:
    waiting = Call.objects.filter(status__in=[Call.Status.RECEIVED, Call.Status.QUEUED])
    oldest = waiting.aggregate(at=Min("created_at"))["at"]
    return {
        "waiting_calls": waiting.count(),
        "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else None,
    }


def health_report(*, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["broker"] = _broker()
        checks["cluster"] = _cluster(now)
    else:
        checks["broker"] = checks["cluster"] = {"ok": False, "detail": "Нет базы данных."}
    report: dict[str, Any] = {"ok": all(check["ok"] for check in checks.values()), **checks}
    if checks["database"]["ok"]:
        report["backlog"] = _backlog(now)
    return report


@never_cache
@require_safe
def health_view(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503,
                        json_dumps_params={"ensure_ascii": False})


urlpatterns = [path("", health_view, name="health")]

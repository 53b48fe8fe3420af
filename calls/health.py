"""`/health/`: can this installation take and process calls right now? And `/status/`, the same
for a person, in Russian.

Database, broker, a living cluster and the backlog, as JSON for a load balancer or a monitoring
probe (200 when calls can flow, 503 when they cannot) and for a person reading it. It shows no
personal data, so it needs no login. The cluster's heartbeat is the newest of: a cluster's own
status record in the broker (Redis keeps it 3 s, so it is there only while a cluster runs), a
finished task (the recovery schedule runs every minute), and a claim's heartbeat (a worker renews
it every CLAIM_HEARTBEAT_SECONDS while it transcribes a long call).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.brokers import get_broker
from django_q.models import Task

from calls.models import Call
from project.access import role_not_required
from project.roles import Role, has_role

# The cluster runs requeue_stuck every minute (calls/schedules.py) even when it has no calls, so
# a cluster with no sign of life for three intervals is not running.
CLUSTER_SILENCE = timedelta(minutes=3)
# The call page asks whether calls can flow at most this often per process.
TROUBLE_CACHE_SECONDS = 10.0


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


def _running_clusters(broker_ok: bool) -> list[dict[str, Any]]:
    """The clusters that saved their status in the broker in the last seconds (Redis only: the
    ORM broker keeps it in a cache this process may not share)."""
    if not broker_ok:
        return []
    from django_q.status import Stat

    try:
        stats = Stat.get_all()
    except Exception:
        return []
    return [
        {"host": getattr(stat, "host", ""), "status": str(getattr(stat, "status", "")),
         "workers": len(getattr(stat, "workers", []) or []),
         "at": getattr(stat, "timestamp", None)}
        for stat in stats
    ]


def _cluster(now: datetime, *, broker_ok: bool = True) -> dict[str, Any]:
    last_task = Task.objects.order_by("-stopped").values_list("stopped", flat=True).first()
    last_claim_beat = Call.objects.filter(status=Call.Status.TRANSCRIBING).aggregate(
        at=Max("heartbeat_at"))["at"]
    running = _running_clusters(broker_ok)
    signs = [at for at in (last_task, last_claim_beat, *(c["at"] for c in running)) if at]
    heartbeat = max(signs) if signs else None
    report: dict[str, Any] = {
        "running_clusters": len(running),
        "last_heartbeat_at": heartbeat.isoformat() if heartbeat else None,
        "last_task_at": last_task.isoformat() if last_task else None,
    }
    if heartbeat is None:
        return {**report, "ok": False,
                "detail": "Кластер задач ещё не выполнил ни одной задачи."}
    silent = max(0.0, (now - heartbeat).total_seconds())
    alive = bool(running) or silent <= CLUSTER_SILENCE.total_seconds()
    report.update({"ok": alive, "silent_seconds": round(silent)})
    if not alive:
        report["detail"] = "Кластер задач не отвечает: запустите python manage.py qcluster."
    return report


def _backlog(now: datetime, *, queue_depth: int | None) -> dict[str, Any]:
    waiting = Call.objects.filter(status__in=[Call.Status.RECEIVED, Call.Status.QUEUED])
    oldest = waiting.aggregate(at=Min("created_at"))["at"]
    dead_since = now - timedelta(seconds=settings.CLAIM_DEAD_AFTER)
    claims = Call.objects.filter(status=Call.Status.TRANSCRIBING)
    return {
        "waiting_calls": waiting.count(),
        "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else None,
        "queue_depth": queue_depth,
        "transcribing": claims.count(),
        "dead_claims": claims.filter(heartbeat_at__lt=dead_since).count(),
        "waiting_analysis": Call.objects.filter(status=Call.Status.TRANSCRIBED).count(),
    }


def health_report(*, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["broker"] = _broker()
        checks["cluster"] = _cluster(now, broker_ok=checks["broker"]["ok"])
    else:
        checks["broker"] = checks["cluster"] = {"ok": False, "detail": "Нет базы данных."}
    report: dict[str, Any] = {"ok": all(check["ok"] for check in checks.values()), **checks}
    if checks["database"]["ok"]:
        report["backlog"] = _backlog(now, queue_depth=checks["broker"].get("queue_depth"))
    return report


_trouble: tuple[float, str] = (0.0, "")


def queue_trouble() -> str:
    """Why waiting calls do not move right now (the broker is down, no cluster runs), in Russian
    for the call page; "" when they can. Asked at most every TROUBLE_CACHE_SECONDS per process."""
    global _trouble
    checked_at, text = _trouble
    if time.monotonic() - checked_at < TROUBLE_CACHE_SECONDS:
        return text
    now = timezone.now()
    broker = _broker()
    if not broker["ok"]:
        text = ("Очередь задач недоступна: звонок сохранён и будет обработан, как только она "
                "восстановится.")
    elif not _cluster(now, broker_ok=True)["ok"]:
        text = ("Обработчик звонков сейчас не запущен: звонок сохранён и будет обработан, как "
                "только он заработает.")
    else:
        text = ""
    _trouble = (time.monotonic(), text)
    return text


@login_required
@never_cache
@require_safe
def status_view(request: HttpRequest) -> HttpResponse:
    """The health report for the people who run the call center, in Russian."""
    if not has_role(request.user, Role.ADMIN, Role.MANAGER):
        raise PermissionDenied
    now = timezone.now()
    report = health_report(now=now)
    # Host names are for the staff, not for the anonymous probe of /health/.
    clusters = _running_clusters(report["database"]["ok"] and report["broker"]["ok"])
    return render(request, "calls/status.html", {
        "report": report, "clusters": clusters, "now": now,
        "claim_dead_after": settings.CLAIM_DEAD_AFTER,
        "heartbeat_seconds": settings.CLAIM_HEARTBEAT_SECONDS,
    })


@role_not_required
@never_cache
@require_safe
def health_view(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503,
                        json_dumps_params={"ensure_ascii": False})


urlpatterns = [path("", health_view, name="health")]

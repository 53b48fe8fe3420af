"""The production path for real: PostgreSQL, the django-q2 Redis broker and `qcluster` processes.

Runs when SLYSHU_SERVICES=1 (`make test` sets it in CI, where the machine starts both servers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from calls.models import Call
from tests.process_groups import stop_process_group

ROOT = Path(__file__).resolve().parents[2]
CLIPS = ROOT / "tests" / "fixtures" / "audio"
DEMO = ROOT / "calls" / "demo" / "audio"

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("SLYSHU_SERVICES"),
                       reason="set SLYSHU_SERVICES=1 with PostgreSQL and Redis running"),
]


def _cluster_env() -> dict[str, str]:
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "the services run needs DATABASE_URL=postgres://…"
    assert settings.Q_BROKER == "redis", "the services run needs Q_BROKER=redis"
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # This pytest worker's own queue in the shared Redis (project/settings/test.py).
        "Q_CLUSTER_NAME": settings.Q_CLUSTER["name"],
        "Q_WORKERS": "1",
        "WHISPER_CPU_THREADS": "1",
    }


@pytest.fixture
def clusters(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Start N `qcluster` processes (N from the test's parametrisation, default 1)."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    # This process only enqueues; the clusters do the work.
    monkeypatch.setattr(Conf, "SYNC", False)
    get_broker().purge_queue()
    count = getattr(request, "param", 1)
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=_cluster_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        for _ in range(count)
    ]
    try:
        yield count
    finally:
        # The cluster stops its own workers on SIGTERM; whatever is left of its process group
        # after that is killed, so that no database session outlives the test and blocks
        # dropping the test database.
        for process in processes:
            stop_process_group(process)
        deadline = time.monotonic() + 30
        while _other_sessions() and time.monotonic() < deadline:
            time.sleep(0.5)


def _other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def _wait_for(ids: list[int], *, seconds: float = 300) -> list[Call]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        calls = list(Call.objects.filter(pk__in=ids))
        if all(call.status in (Call.Status.ANALYSED, Call.Status.FAILED) for call in calls):
            return calls
        time.sleep(1)
    raise AssertionError(
        f"not done in {seconds}s: {[(c.pk, c.status) for c in Call.objects.filter(pk__in=ids)]}"
    )


def _upload(client: APIClient, path: Path, external_id: str) -> int:
    with path.open("rb") as handle:
        response = client.post("/api/v1/calls/", {"audio": handle, "external_id": external_id},
                               format="multipart")
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_upload_is_transcribed_by_a_real_cluster_on_redis(clusters: int, admin_user) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(admin_user)
    call_id = _upload(client, DEMO / "demo-001.ogg", "cluster-1")

    [call] = _wait_for([call_id])

    assert call.status == Call.Status.ANALYSED, call.failure_reason
    text = " ".join(call.segments.values_list("text", flat=True)).lower()
    assert "холодильник" in text and "доставк" in text
    assert set(call.segments.values_list("speaker", flat=True)) == {"operator", "customer"}
    history = list(call.status_changes.values_list("status", flat=True))
    assert history == ["received", "queued", "transcribing", "transcribed", "analysed"]


@pytest.mark.parametrize("clusters", [2], indirect=True)
def test_two_clusters_share_the_work_and_never_do_a_call_twice(clusters: int, admin_user) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(admin_user)
    ids = [
        _upload(client, CLIPS / name, f"cluster-many-{name}")
        for name in ("dialog_stereo.ogg", "operator_mono.ogg", "silence_tail.ogg")
    ]

    calls = _wait_for(ids)

    for call in calls:
        assert call.status == Call.Status.ANALYSED, call.failure_reason
        assert call.attempts == 1
        assert call.status_changes.filter(status="transcribing").count() == 1
    workers = {call.status_changes.get(status="transcribing").note for call in calls}
    assert workers, "each call names the worker that transcribed it"


def test_a_killed_cluster_s_calls_are_recovered_at_restart_and_done_once(admin_user) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL to a cluster's whole process group mid-call: its claim and the messages its
    pusher had taken die with it. A cluster started right after recovers them at once."""
    import signal

    from django_q.brokers import get_broker
    from django_q.conf import Conf

    Conf.SYNC, sync = False, Conf.SYNC
    get_broker().purge_queue()
    client = APIClient()
    client.force_authenticate(admin_user)
    env = {**_cluster_env(), "Q_WORKERS": "2"}
    first = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    second = None
    try:
        ids = [_upload(client, CLIPS / name, f"kill-{name}")
               for name in ("dialog_stereo.ogg", "operator_mono.ogg", "silence_tail.ogg")]
        deadline = time.monotonic() + 300
        while not Call.objects.filter(pk__in=ids, status=Call.Status.TRANSCRIBING).exists():
            assert time.monotonic() < deadline, "no call was claimed"
            time.sleep(0.2)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        restarted = time.monotonic()
        second = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        calls = _wait_for(ids, seconds=240)
        took = time.monotonic() - restarted
    finally:
        Conf.SYNC = sync
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        stop_process_group(second)
        deadline = time.monotonic() + 30
        while _other_sessions() and time.monotonic() < deadline:
            time.sleep(0.5)

    for call in calls:
        assert call.status == Call.Status.ANALYSED, call.failure_reason
        history = list(call.status_changes.values_list("status", flat=True))
        assert history.count("transcribed") == 1 and history.count("analysed") == 1
        indexes = list(call.segments.values_list("index", flat=True))
        assert len(indexes) == len(set(indexes))
    # The killed claim came back at once, not after CLAIM_DEAD_AFTER or TRANSCRIBE_TIMEOUT.
    assert took < 120, took

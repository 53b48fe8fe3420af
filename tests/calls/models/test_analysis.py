"""calls/models/analysis.py: which re-analysis runs are still alive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import ReanalysisRun
from calls.models.analysis import STALE_RUN_AFTER

pytestmark = pytest.mark.django_db


def test_in_progress_runs_are_unfinished_and_alive() -> None:
    now = timezone.now()
    long_ago = now - STALE_RUN_AFTER - timedelta(minutes=1)
    queued = ReanalysisRun.objects.create(status=ReanalysisRun.Status.QUEUED)
    running = ReanalysisRun.objects.create(
        status=ReanalysisRun.Status.RUNNING, created_at=long_ago, heartbeat_at=now
    )
    ReanalysisRun.objects.create(  # its worker died
        status=ReanalysisRun.Status.RUNNING, created_at=long_ago, heartbeat_at=long_ago
    )
    ReanalysisRun.objects.create(status=ReanalysisRun.Status.DONE)

    assert set(ReanalysisRun.objects.in_progress()) == {queued, running}

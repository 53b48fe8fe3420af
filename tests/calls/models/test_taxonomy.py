"""calls/models/taxonomy.py: the QuerySets of call tags and re-analysis runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallTag, ReanalysisRun
from calls.models.taxonomy import STALE_RUN_AFTER
from tests.factories import CallTagFactory

pytestmark = pytest.mark.django_db


def test_call_tags_split_by_source() -> None:
    auto = CallTagFactory(source=CallTag.Source.AUTO)
    manual = CallTagFactory(source=CallTag.Source.MANUAL)

    assert list(CallTag.objects.auto()) == [auto]
    assert list(CallTag.objects.manual()) == [manual]


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

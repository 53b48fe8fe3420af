"""calls/redaction/tasks.py: the task functions take ids and call the services."""

from __future__ import annotations

import pytest

from calls.models import RedactionRun
from calls.redaction.archive import redaction_start
from calls.redaction.tasks import mute_pending_recordings, redact_archive_run
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_archive_slice_and_pending_mutes() -> None:
    call = call_with_segments(("customer", "карта 4276 3801 2345 6787"))
    run = redaction_start(enqueue=False)
    assert redact_archive_run(run.pk)
    assert RedactionRun.objects.get(pk=run.pk).status == RedactionRun.Status.DONE
    assert call.segments.get().text == "карта [карта]"
    assert mute_pending_recordings() == "muted=0 failed=0"  # no recording to mute

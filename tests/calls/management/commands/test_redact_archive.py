"""`manage.py redact_archive`: queues a run (or runs it here with --sync), shows progress with
--status, resumes with --resume, and leaves recordings alone with --no-audio."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management.base import CommandError

from calls.models import RedactionRun
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db

CARD = "4276 3801 2345 6787"  # Luhn-valid


def test_sync_redacts_and_reports(run_command: Callable[..., str]) -> None:
    call = call_with_segments(("customer", f"карта {CARD}"))
    out = run_command("redact_archive", "--sync")
    assert call.segments.get().text == "карта [карта]"
    assert out.strip() == (
        f"Redaction #{RedactionRun.objects.get().pk}: done, 1/1 calls (100%), changed 1, "
        "recordings muted 0, recordings failed 0"
    )


def test_queues_a_background_run_and_shows_its_progress(
    run_command: Callable[..., str], django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    call_with_segments(("customer", f"карта {CARD}"))
    assert "No archive redaction has run yet." in run_command("redact_archive", "--status")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        out = run_command("redact_archive", "--no-audio")
    run = RedactionRun.objects.get()
    assert out.strip() == (f"Redaction #{run.pk} of 1 calls queued "
                           "(progress: manage.py redact_archive --status).")
    assert len(queued) == 1 and not run.audio
    assert run_command("redact_archive", "--status").strip() == (
        f"Redaction #{run.pk}: queued, 0/1 calls (0%), changed 0, recordings muted 0, "
        "recordings failed 0, transcripts only"
    )
    with pytest.raises(CommandError, match="уже идёт"):
        run_command("redact_archive")


def test_resume_continues_a_failed_run(run_command: Callable[..., str]) -> None:
    call = call_with_segments(("customer", f"карта {CARD}"))
    RedactionRun.objects.create(status=RedactionRun.Status.FAILED, total=1, error="killed")
    out = run_command("redact_archive", "--resume", "--sync")
    assert "done, 1/1 calls (100%), changed 1" in out
    assert call.segments.get().text == "карта [карта]"
    with pytest.raises(CommandError, match="Нет незавершённого запуска"):
        run_command("redact_archive", "--resume")

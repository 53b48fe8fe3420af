"""Background tasks of redaction: plain functions that take ids and call a service."""

from calls.redaction.archive import redaction_run_slice
from calls.redaction.audio import calls_mute_pending


def redact_archive_run(run_id: int) -> bool:
    """One slice of an archive redaction run; it queues its own continuation when time is up."""
    return redaction_run_slice(run_id=run_id)


def mute_pending_recordings() -> str:
    """Retry the recordings whose muting failed (they are withheld from listeners meanwhile)."""
    report = calls_mute_pending()
    return f"muted={report.muted} failed={report.failed}"

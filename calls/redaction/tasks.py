"""Background tasks of redaction: plain functions that take ids and call a service."""

from calls.redaction.archive import redaction_run_slice


def redact_archive_run(run_id: int) -> bool:
    """One slice of an archive redaction run; it queues its own continuation when time is up."""
    return redaction_run_slice(run_id=run_id)

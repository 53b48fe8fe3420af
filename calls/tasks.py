"""Background tasks: plain functions that take ids and call a service."""

from typing import Any

from calls.pipeline import call_analyse, call_transcribe, calls_requeue_stuck
from calls.reanalysis import reanalysis_run_slice


def transcribe_call(call_id: int) -> bool:
    return call_transcribe(call_id=call_id)


def analyse_call(call_id: int) -> bool:
    return call_analyse(call_id=call_id)


def reanalyse_run(run_id: int) -> bool:
    """One slice of a re-analysis run; it queues its own continuation when time is up."""
    return reanalysis_run_slice(run_id=run_id)


def requeue_stuck_calls() -> str:
    report = calls_requeue_stuck()
    return f"requeued={report.requeued} failed={report.failed} analyses={report.analyses}"


def requeue_on_worker_start(**kwargs: Any) -> None:
    """Run when a cluster worker starts (cluster start, or a worker replaced after a kill)."""
    import logging

    try:
        logging.getLogger(__name__).info("Worker start: %s", requeue_stuck_calls())
    except Exception:
        logging.getLogger(__name__).exception("requeue at worker start failed")

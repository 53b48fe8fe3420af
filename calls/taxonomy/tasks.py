"""Background tasks of tagging: plain functions that take ids and call a service."""

from calls.taxonomy.reanalysis import reanalysis_run_slice


def reanalyse_run(run_id: int) -> bool:
    """One slice of a re-analysis run; it queues its own continuation when time is up."""
    return reanalysis_run_slice(run_id=run_id)

"""Background tasks: plain functions that take ids and call a service."""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection

from calls.pipeline import (
    call_analyse,
    call_transcribe,
    calls_recover_at_start,
    calls_requeue_stuck,
)
from calls.reanalysis import reanalysis_run_slice

logger = logging.getLogger(__name__)


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
    """Run when a cluster worker starts (cluster start, or a worker replaced after a kill).

    The cluster this one replaces may have been killed holding messages and claims: what no
    broker queue holds is sent again now (calls_recover_at_start), and the claims it held, still
    beating a moment ago, are dead CLAIM_DEAD_AFTER seconds after their last beat, so one more
    pass runs then instead of waiting for the schedule. Claims of other living clusters keep
    beating and are left alone.
    """
    from django_q.conf import Conf

    if Conf.SYNC:
        # Tasks run in the caller's process (tests): there is no cluster to recover, and the
        # worker "starts" for every task.
        return
    try:
        report = calls_recover_at_start()
        logger.info("Worker start: requeued=%s failed=%s analyses=%s",
                    report.requeued, report.failed, report.analyses)
    except Exception:
        logger.exception("Recovery at worker start failed")
    finally:
        connection.close()
    follow_up = threading.Timer(settings.CLAIM_DEAD_AFTER + 1, _recover_dead_claims)
    follow_up.daemon = True
    follow_up.start()


def _recover_dead_claims() -> None:
    try:
        logger.info("After start: %s", requeue_stuck_calls())
    except Exception:
        logger.exception("Recovery of dead claims after the worker start failed")
    finally:
        connection.close()  # this timer thread's own connection

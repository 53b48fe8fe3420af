"""The calls app's periodic tasks, registered in CallsConfig.ready()."""

from django_q.models import Schedule

from project.schedules import PeriodicTask

SCHEDULES = [
    # Recovers calls whose worker died or whose broker message was lost (calls/pipeline.py).
    # Every minute: a dead claim is known in CLAIM_DEAD_AFTER seconds and a lost message in
    # MESSAGE_LOST_AFTER, and /health/ reads a finished run as the cluster's heartbeat.
    PeriodicTask(
        name="requeue-stuck-calls", func="calls.tasks.requeue_stuck_calls",
        schedule_type=Schedule.MINUTES, minutes=1,
    ),
    # Mutes again the recordings whose muting failed (calls/redaction/audio.py).
    PeriodicTask(
        name="mute-pending-recordings", func="calls.redaction.tasks.mute_pending_recordings",
        schedule_type=Schedule.MINUTES, minutes=10,
    ),
    # The monthly taxonomy review (calls/taxonomy/review/): on the 1st at 03:30, when the previous
    # month's calls are in (after the library's at 03:00), it opens that month's review.
    PeriodicTask(
        name="taxonomy-monthly-review", func="calls.taxonomy.review.tasks.open_taxonomy_review",
        schedule_type=Schedule.CRON, cron="30 3 1 * *",
    ),
    # Retrains the tag models when annotations or manual tags changed since the last training
    # (calls/taxonomy/learning/): a few aggregate queries when nothing changed.
    PeriodicTask(
        name="retrain-learned-tags", func="calls.taxonomy.learning.tasks.retrain_learned_tags",
        schedule_type=Schedule.HOURLY,
    ),
    # Monday 08:00: last week's top problems by e-mail to managers and admins
    # (calls/taxonomy/problems/weekly.py, docs/top-problems.md).
    PeriodicTask(
        name="weekly-top-problems", func="calls.taxonomy.problems.tasks.send_weekly_top_problems",
        schedule_type=Schedule.CRON, cron="0 8 * * 1",
    ),
    # Overdue findings (calls/departments/findings/reminders.py, docs/findings.md): each hour of
    # the working day; the first run of a day e-mails each department once, and a failed send
    # is retried by the next hour's run.
    PeriodicTask(
        name="findings-overdue-reminder",
        func="calls.departments.findings.tasks.remind_overdue_findings",
        schedule_type=Schedule.CRON, cron="0 9-18 * * *",
    ),
]

# Departments (calls/departments/, docs/departments.md): every 15 minutes today's counts of the
# subscribed tags (one e-mail a day per tag that crosses its threshold); Monday 07:30 last week's
# reports; every 2 minutes the outbox sends what is due (retries with backoff after SMTP errors).
SCHEDULES += [
    PeriodicTask(
        name="department-alerts", func="calls.departments.tasks.check_department_alerts",
        schedule_type=Schedule.MINUTES, minutes=15,
    ),
    PeriodicTask(
        name="department-weekly-reports",
        func="calls.departments.tasks.send_weekly_department_reports",
        schedule_type=Schedule.CRON, cron="30 7 * * 1",
    ),
    PeriodicTask(
        name="department-outbox", func="calls.departments.tasks.send_due_emails",
        schedule_type=Schedule.MINUTES, minutes=2,
    ),
    # Daily at 04:10: keeps the verdict of each change whose after-window has closed
    # (calls/changes/verdicts.py), so the findings board says whether each fix helped.
    PeriodicTask(
        name="settle-change-verdicts", func="calls.changes.tasks.settle_changes",
        schedule_type=Schedule.CRON, cron="10 4 * * *",
    ),
    # Links the calls whose contact link was lost (a transient database fault right after the
    # call was stored, calls/contacts/links.py): one query when nothing is missing.
    PeriodicTask(
        name="link-unlinked-contacts", func="calls.contacts.tasks.link_unlinked_contacts",
        schedule_type=Schedule.MINUTES, minutes=5,
    ),
]

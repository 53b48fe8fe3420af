"""The scripts library's periodic tasks, registered in ScriptsLibraryConfig.ready()."""

from django_q.models import Schedule

from project.schedules import PeriodicTask

SCHEDULES: list[PeriodicTask] = [
    # The monthly library review (scripts_library/review/): on the 1st at 03:00, when the
    # previous month's calls are in, it opens that month's review; idempotent per month.
    PeriodicTask(
        name="library-monthly-review", func="scripts_library.review.tasks.open_monthly_review",
        schedule_type=Schedule.CRON, cron="0 3 1 * *",
    ),
]

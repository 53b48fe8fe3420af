from datetime import UTC, date, datetime

from croniter import croniter
from django_q.models import Schedule

from project.schedules import registered_schedules, schedules_ensure
from scripts_library.models import LibraryReview
from scripts_library.review import tasks
from tests.scripts_library.review.conftest import Month


def test_schedule_registered_monthly_on_the_first() -> None:
    (task,) = [t for t in registered_schedules() if t.name == "library-monthly-review"]
    assert task.func == "scripts_library.review.tasks.open_monthly_review"
    assert task.schedule_type == Schedule.CRON
    assert task.kwargs == {}  # it takes a period, not object ids
    next_run = croniter(task.cron, datetime(2026, 11, 15, 12, 0, tzinfo=UTC)).get_next(datetime)
    assert next_run == datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_schedule_is_created(db: None) -> None:
    schedules_ensure()
    schedule = Schedule.objects.get(name="library-monthly-review")
    assert (schedule.schedule_type, schedule.cron) == (Schedule.CRON, "0 3 1 * *")


def test_task_opens_the_previous_month_once(month: Month, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2026, 11, 1))
    first = tasks.open_monthly_review()
    assert tasks.open_monthly_review() == first
    review = LibraryReview.objects.get()
    assert (review.period_start, review.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert review.suggestions.exists()
    assert tasks.open_monthly_review("2026-10") == first

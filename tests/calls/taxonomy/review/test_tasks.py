from collections.abc import Callable
from datetime import date

import pytest

from calls.models import TaxonomyReview
from calls.schedules import SCHEDULES
from calls.taxonomy.review.tasks import open_taxonomy_review
from tests.calls.taxonomy.review.conftest import OCTOBER, Month


def test_the_schedule_opens_the_review_on_the_first_of_each_month() -> None:
    (task,) = [t for t in SCHEDULES if t.name == "taxonomy-monthly-review"]
    assert task.func == "calls.taxonomy.review.tasks.open_taxonomy_review"
    assert task.cron == "30 3 1 * *"
    # The task can be imported by its dotted name, as django-q does.
    from django.utils.module_loading import import_string

    assert import_string(task.func) is open_taxonomy_review


def test_the_schedule_is_registered(db: None) -> None:
    from project.schedules import registered_schedules

    assert "taxonomy-monthly-review" in {t.name for t in registered_schedules()}


def test_the_task_opens_the_previous_month(month: Month, monkeypatch: pytest.MonkeyPatch) -> None:
    from calls.taxonomy.review import tasks

    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2026, 11, 1))
    pk = open_taxonomy_review()
    assert TaxonomyReview.objects.get(pk=pk).month == OCTOBER
    assert open_taxonomy_review("2026-10") == pk


def test_the_command(month: Month, run_command: Callable[..., str]) -> None:
    out = run_command("taxonomy_review", "--month", "2026-10")
    review = TaxonomyReview.objects.get()
    assert f"Обзор таксономии за 10.2026 открыт (id {review.pk})" in out
    assert "вывести из работы — 1" in out
    assert "уже был открыт" in run_command("taxonomy_review", "--month", "2026-10")


def test_the_command_refuses_a_bad_month(db: None, run_command: Callable[..., str]) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ"):
        run_command("taxonomy_review", "--month", "2026-13")

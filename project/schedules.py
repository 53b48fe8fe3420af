"""The registry of periodic tasks: each app declares its django-q2 schedules in its
AppConfig.ready(), and `python manage.py setup_schedules` creates or updates them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django_q.models import Schedule


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    func: str
    schedule_type: str = Schedule.MINUTES
    minutes: int | None = None
    cron: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        values: dict[str, Any] = {"func": self.func, "schedule_type": self.schedule_type,
                                  "minutes": self.minutes, "cron": self.cron}
        if self.kwargs:
            values["kwargs"] = self.kwargs
        return values


_schedules: dict[str, PeriodicTask] = {}


def register_schedule(task: PeriodicTask) -> None:
    existing = _schedules.get(task.name)
    if existing is not None and existing != task:
        raise ValueError(f"Two different schedules are registered as {task.name!r}.")
    _schedules[task.name] = task


def registered_schedules() -> list[PeriodicTask]:
    return sorted(_schedules.values(), key=lambda task: task.name)


def schedules_ensure() -> list[tuple[str, bool]]:
    """Create or update every registered schedule; (name, created) for each."""
    results = []
    for task in registered_schedules():
        _schedule, created = Schedule.objects.update_or_create(
            name=task.name, defaults=task.defaults()
        )
        results.append((task.name, created))
    return results

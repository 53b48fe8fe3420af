"""The scripts library's periodic tasks, registered in ScriptsLibraryConfig.ready()."""

from project.schedules import PeriodicTask

SCHEDULES: list[PeriodicTask] = []

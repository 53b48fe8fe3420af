"""project/apps.py holds two app configs; each app must still get its own."""

from __future__ import annotations

from django.apps import apps

from project.apps import AxesConfig, ProjectConfig


def test_each_app_gets_its_config() -> None:
    # Without ProjectConfig.default Django would fall back to a bare AppConfig for "project",
    # and the roles would never be granted after migrate.
    assert type(apps.get_app_config("project")) is ProjectConfig
    assert type(apps.get_app_config("axes")) is AxesConfig
    assert apps.get_app_config("axes").verbose_name == "Защита входа"

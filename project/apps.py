from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectConfig(AppConfig):
    """The kernel as an app: it owns no models, only the wiring every app shares."""

    name = "project"
    verbose_name = "Слышу"
    # This module holds more than one AppConfig (AxesConfig below, and the one it extends):
    # without this mark Django would take neither for "project", and ready() would not run.
    default = True

    def ready(self) -> None:
        from project.roles import ensure_roles_after_migrate

        # Permissions exist only after migrate has run, so roles are granted them then.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="slyshu-ensure-roles")


class AxesConfig(AxesAppConfig):  # type: ignore[misc]
    """django-axes with a Russian name in the admin: its own is the English «Axes»."""

    verbose_name = "Блокировки входа"

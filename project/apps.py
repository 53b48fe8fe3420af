import axes.apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The kernel as an app: it owns no models, only the wiring every app shares."""

    name = "project"
    verbose_name = "Слышу"

    def ready(self) -> None:
        from project.roles import ensure_roles_after_migrate

        # Permissions exist only after migrate has run, so roles are granted them then.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="slyshu-ensure-roles")


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Russian name: its admin section read «Axes»."""

    # Not the default config of `project`: that stays ProjectConfig.
    default = False
    verbose_name = _("Защита входа")

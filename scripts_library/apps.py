from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScriptsLibraryConfig(AppConfig):
    name = "scripts_library"
    verbose_name = _("Библиотека скриптов")

    def ready(self) -> None:
        from project.roles import register_role_permissions
        from project.schedules import register_schedule
        from scripts_library.roles import PERMISSIONS
        from scripts_library.schedules import SCHEDULES

        register_role_permissions(PERMISSIONS)
        for task in SCHEDULES:
            register_schedule(task)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Коучинг")

    def ready(self) -> None:
        from calls.analysis import Analyser, register_analyser
        from calls.extensions import (
            register_call_action,
            register_call_panel,
            register_export_field,
            register_moment_action,
        )
        from coaching.evaluations.display import CALL_ACTION, CALL_PANEL
        from coaching.exemplars.actions import ADD_EXEMPLAR
        from coaching.roles import PERMISSIONS
        from coaching.schedules import SCHEDULES
        from coaching.skills.analysis import READS, SKILLS_ANALYSER, calls_find_skills
        from coaching.skills.display import EXPORT_FIELDS
        from project.roles import register_role_permissions
        from project.schedules import register_schedule

        register_role_permissions(PERMISSIONS)
        for task in SCHEDULES:
            register_schedule(task)
        register_analyser(Analyser(
            name=SKILLS_ANALYSER, label=_("Навыки"), reads=READS, run=calls_find_skills,
        ))
        for export_field in EXPORT_FIELDS:
            register_export_field(export_field)
        register_moment_action(ADD_EXEMPLAR)
        # The call page: «Оценить звонок» and the call's scorecard results.
        register_call_action(CALL_ACTION)
        register_call_panel(CALL_PANEL)

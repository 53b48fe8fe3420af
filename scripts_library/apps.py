from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScriptsLibraryConfig(AppConfig):
    name = "scripts_library"
    verbose_name = _("Библиотека скриптов")

    def ready(self) -> None:
        from calls.analysis import TRANSCRIPT, Analyser, register_analyser
        from calls.extensions import register_call_panel, register_export_field
        from project.roles import register_role_permissions
        from project.schedules import register_schedule
        from scripts_library.objections.analysis import OBJECTIONS_ANALYSER, calls_find_objections
        from scripts_library.objections.display import CALL_PANEL, EXPORT_FIELDS
        from scripts_library.roles import PERMISSIONS
        from scripts_library.schedules import SCHEDULES

        register_role_permissions(PERMISSIONS)
        for task in SCHEDULES:
            register_schedule(task)
        register_analyser(Analyser(
            name=OBJECTIONS_ANALYSER, label=_("Возражения"), reads=(TRANSCRIPT,),
            run=calls_find_objections,
        ))
        for export_field in EXPORT_FIELDS:
            register_export_field(export_field)
        register_call_panel(CALL_PANEL)
        from calls.vocabulary.sources import register_vocabulary_source
        from scripts_library.objections.vocabulary import (
            LIBRARY_SOURCE,
            LIBRARY_SOURCE_LABEL,
            library_suggestions,
        )

        register_vocabulary_source(key=LIBRARY_SOURCE, label=LIBRARY_SOURCE_LABEL,
                                   collect=library_suggestions)
        # Sidebar events that named a call before it arrived are linked when it is saved.
        from django.db.models.signals import post_save

        from calls.models import Call
        from scripts_library.sidebar.events import link_events_on_call_saved

        post_save.connect(link_events_on_call_saved, sender=Call,
                          dispatch_uid="sidebar_link_events_on_call_saved")

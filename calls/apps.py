from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = "Звонки"

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from calls.analysis import TRANSCRIPT, Analyser, register_analyser
        from calls.contacts.analyser import RESOLUTION_ANALYSER, calls_find_resolution
        from calls.contacts.export import EXPORT_FIELDS as CONTACT_EXPORT_FIELDS
        from calls.contacts.panel import CALL_PANEL as CONTACT_PANEL
        from calls.extensions import register_call_panel, register_export_field
        from calls.roles import PERMISSIONS
        from calls.schedules import SCHEDULES
        from calls.tasks import requeue_on_worker_start
        from calls.taxonomy.learning.display import CALL_PANEL as LEARNED_TAGS_PANEL
        from calls.taxonomy.learning.tagging import LEARNED_TAGS_ANALYSER, calls_learned_tag
        from calls.taxonomy.tagging import TAGS_ANALYSER, calls_autotag
        from calls.vocabulary.corrections import (
            CORRECTIONS_SOURCE,
            CORRECTIONS_SOURCE_LABEL,
            corrections_suggestions,
        )
        from calls.vocabulary.sources import register_vocabulary_source
        from calls.vocabulary.taxonomy import (
            TAXONOMY_SOURCE,
            TAXONOMY_SOURCE_LABEL,
            taxonomy_suggestions,
        )
        from calls.voice.analysis import VOICE_ANALYSER, calls_hear_voice
        from calls.voice.emotion.analyser import EMOTION_ANALYSER, calls_judge_emotion
        from calls.voice.emotion.export import EXPORT_FIELDS as EMOTION_EXPORT_FIELDS
        from calls.voice.emotion.panel import CALL_PANEL as EMOTION_PANEL
        from calls.voice.export import EXPORT_FIELDS as VOICE_EXPORT_FIELDS
        from calls.voice.turns.analyser import TURNS_ANALYSER, calls_find_turns
        from calls.voice.turns.panel import CALL_PANEL as TURNS_PANEL
        from calls.voice.words.hits import VOICE_WORDS_ANALYSER, calls_voice_words
        from project.roles import register_role_permissions
        from project.schedules import register_schedule

        register_role_permissions(PERMISSIONS)
        for task in SCHEDULES:
            register_schedule(task)
        register_analyser(
            Analyser(name=TAGS_ANALYSER, label=_("Теги"), reads=(TRANSCRIPT,), run=calls_autotag)
        )
        # Learned tags read the phrase tags (a phrase hit is one of the model's features).
        register_analyser(Analyser(
            name=LEARNED_TAGS_ANALYSER, label=_("Теги по модели"), reads=(TAGS_ANALYSER,),
            run=calls_learned_tag,
        ))
        # The customer's word cues (issue 18 §2), read by the emotion step.
        register_analyser(Analyser(
            name=VOICE_WORDS_ANALYSER, label=_("Реплики-сигналы"), reads=(TRANSCRIPT,),
            run=calls_voice_words,
        ))
        # The voice reads the recording and the transcript's times (calls/voice/).
        register_analyser(Analyser(
            name=VOICE_ANALYSER, label=_("Голос и паузы"), reads=(TRANSCRIPT,),
            run=calls_hear_voice,
        ))
        # The customer's emotion reads both the word cues and the voice (issue 18 §3).
        register_analyser(Analyser(
            name=EMOTION_ANALYSER, label=_("Эмоции клиента"),
            reads=(VOICE_WORDS_ANALYSER, VOICE_ANALYSER), run=calls_judge_emotion,
        ))
        # Where a hot call turns reads the customer's irritation per segment (issue 18 §4).
        register_analyser(Analyser(
            name=TURNS_ANALYSER, label=_("Повороты разговора"), reads=(EMOTION_ANALYSER,),
            run=calls_find_turns,
        ))
        # The moment the customer accepted the answer (issue 19 §1, calls/contacts/).
        register_analyser(Analyser(
            name=RESOLUTION_ANALYSER, label=_("Момент решения"), reads=(TRANSCRIPT,),
            run=calls_find_resolution,
        ))
        for export_field in (*VOICE_EXPORT_FIELDS, *EMOTION_EXPORT_FIELDS,
                             *CONTACT_EXPORT_FIELDS):
            register_export_field(export_field)
        register_call_panel(CONTACT_PANEL)
        register_call_panel(EMOTION_PANEL)
        register_call_panel(TURNS_PANEL)
        register_call_panel(LEARNED_TAGS_PANEL)
        register_vocabulary_source(key=TAXONOMY_SOURCE, label=TAXONOMY_SOURCE_LABEL,
                                   collect=taxonomy_suggestions)
        register_vocabulary_source(key=CORRECTIONS_SOURCE, label=CORRECTIONS_SOURCE_LABEL,
                                   collect=corrections_suggestions)
        # A cluster (re)starting its workers recovers the calls that a dead worker left behind.
        post_spawn.connect(requeue_on_worker_start, dispatch_uid="slyshu-requeue-on-spawn")

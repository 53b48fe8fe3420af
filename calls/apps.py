from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = "Звонки"

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from calls.roles import ensure_roles_after_migrate
        from calls.tasks import requeue_on_worker_start

        # Permissions exist only after migrate has run, so roles are granted them then.
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
        # A cluster (re)starting its workers recovers the calls that a dead worker left behind.
        post_spawn.connect(requeue_on_worker_start, dispatch_uid="slyshu-requeue-on-spawn")

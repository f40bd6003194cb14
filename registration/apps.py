from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _sync_groups(sender, using="default", **kwargs):
    from registration.permissions import sync_groups

    sync_groups(using=using)


def _fill_new_places(sender, instance, created=False, raw=False, **kwargs):
    """When organisers raise a capacity, the waiting list moves up at once (after the
    conference's own change has committed)."""
    if created or raw:
        return
    from django.db import transaction

    from registration.services import promote_waiting_list

    transaction.on_commit(lambda: promote_waiting_list(conference=instance))


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = "Registration"

    def ready(self):
        from registration import log_filters

        log_filters.install()
        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="registration-sync-groups")
        post_save.connect(
            _fill_new_places,
            sender="events.Conference",
            dispatch_uid="registration-fill-new-places",
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_groups(sender, using="default", **kwargs):
    from registration.permissions import sync_groups

    sync_groups(using=using)


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = "Registration"

    def ready(self):
        from registration import log_filters

        log_filters.install()
        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="registration-sync-groups")

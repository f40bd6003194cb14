from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    """Registration hears of a conference's changes through one receiver,
    ``registration.services.on_conference_changed`` of ``events.signals.conference_changed``
    (sent by ``events.services.save_conference``). Everything else that frees a place calls
    the waiting list's promotion itself, in ``registration/services.py``."""

    name = "registration"
    verbose_name = _("Registration")

    def ready(self):
        from events.signals import conference_changed
        from registration import runners, services

        conference_changed.connect(
            services.on_conference_changed, dispatch_uid="registration-conference-changed"
        )
        # Its background jobs: exports and decisions on many (registration/runners.py).
        runners.add_kinds()

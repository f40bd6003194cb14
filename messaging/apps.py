from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """Organisers' messages to any group of registrations. Builds on events, registration,
    outbox and attending; nothing imports it."""

    name = "messaging"
    verbose_name = _("Messages to attendees")

    def ready(self):
        from messaging import engine, privacy_parts
        from privacy.registry import add_section
        from registration.signals import conference_moved_online

        # Registration moves a conference's people online; the engine tells them.
        conference_moved_online.connect(
            engine.tell_moved_online, dispatch_uid="messaging-moved-online"
        )

        # Its section of the person's data download (privacy/registry.py).
        add_section("messages", privacy_parts.messages_section)

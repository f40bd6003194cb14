from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Outgoing mail around django-mailer's queue: what may enter it (addresses that can be
    delivered, headers on one line, how often a person is sent their link), how the worker
    treats a failure, and the organisers' view of messages set aside."""

    name = "outbox"
    verbose_name = _("Outgoing mail")

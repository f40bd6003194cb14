from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The record of who did or read what. It sits at the bottom of the app graph: it knows
    accounts and conferences (events) and nothing else; every other app writes to it through
    ``audit.services.record`` and ``audit.services.record_destruction``."""

    name = "audit"
    verbose_name = _("Record of actions and reads")

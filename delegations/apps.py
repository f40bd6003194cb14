from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    """Delegations build on registration and events and are never imported by them: each
    person a contact enters gets an ordinary registration through registration.services."""

    name = "delegations"
    verbose_name = _("Delegations")

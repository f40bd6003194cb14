from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The organisers' dashboard on the admin index: charts of registrations, seats and
    check-ins per conference. It builds on events, registration and attending and nothing
    imports it; other apps add charts through :mod:`dashboard.providers`."""

    name = "dashboard"
    verbose_name = _("Dashboard")

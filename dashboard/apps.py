from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The organisers' dashboard on the admin index: charts of registrations, seats and
    check-ins per conference. It builds on events, registration, attending and visas, and
    nothing imports it; the charts of the apps above registration are added in ready()
    through :mod:`dashboard.providers`."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from dashboard import more_charts
        from dashboard.providers import register

        register("visas", more_charts.visa_requests_chart)
        register("questions", more_charts.question_charts)

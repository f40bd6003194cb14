from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    """Who may do what, for which conferences: the roles (teams/roles.py), the teams that
    grant them per conference (teams/models.py), the authentication backend that turns a
    user's teams into permissions (teams/backends.py) and the scope every organiser's query
    goes through (teams/services.py, teams/admin.py). Depends only on auth and events."""

    name = "teams"
    verbose_name = _("Teams")

"""What the admin index shows of the dashboard, for one request: who may see it, which
conference, and its charts. templates/admin/index.html draws it with the
``{% conference_dashboard %}`` tag (dashboard/templatetags/dashboard.py): the headline
tiles (dashboard/tiles.py) above the charts."""

from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import figures, providers, tiles
from teams.services import conferences_for

# The permission of registration managers (teams/roles.py) that opens the dashboard: the charts
# count people, so only those who may read registrations see them.
PERMISSION = "registration.view_registration"
PARAMETER = "conference"


def may_see(user):
    return bool(user.is_active and user.is_staff and user.has_perm(PERMISSION))


def default_conference(conferences, now=None):
    """The next or current conference (the soonest that has not ended), else the latest."""
    now = now or timezone.now()
    upcoming = [c for c in conferences if c.ends_at >= now]
    if upcoming:
        return min(upcoming, key=lambda c: c.starts_at)
    return max(conferences, key=lambda c: c.starts_at, default=None)


def chosen_conference(conferences, value):
    """The conference `value` (from ?conference=) names, and an error message when it
    names none; never raises on what a visitor types."""
    if value in (None, ""):
        return default_conference(conferences), ""
    by_id = {str(conference.pk): conference for conference in conferences}
    if value in by_id:
        return by_id[value], ""
    return default_conference(conferences), _("There is no such conference; showing the next one.")


def dashboard_context(request):
    """The panel's context, or None when the user may not see it."""
    if not may_see(request.user):
        return None
    # Only the conferences the user serves; another's id reads as no such conference.
    conferences = list(conferences_for(request.user, PERMISSION).order_by("-starts_at"))
    conference, error = chosen_conference(conferences, request.GET.get(PARAMETER))
    charts, headline = [], []
    if conference is not None:
        headline = tiles.headline_tiles(conference)
        charts = figures.builtin_charts(conference) + providers.registered_charts(conference)
    return {
        "conferences": conferences,
        "conference": conference,
        "error": error,
        "tiles": headline,
        "charts": charts,
        "parameter": PARAMETER,
    }

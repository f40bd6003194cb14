"""The attendee's personal .ics: the conference's own entry (same UID and SEQUENCE as the
public calendar file, so importing both never duplicates it) with how this person takes
part, then every session of the programme, those the person may join online carrying their
personal join link (registration.extensions: attending decides who joins what). The manage
link is deliberately left out: calendar entries get shared. Written in the registration's
language, whichever page or mail it is fetched from; UIDs are the same in every language, so
changing language updates entries instead of adding them."""

from django.utils import translation
from django.utils.translation import gettext as _

from events import calendar as events_calendar
from events.programme import programme_sessions
from registration.extensions import join_links_for


def attendee_description(registration):
    conference = registration.conference
    lines = [
        _("Registered: %(name)s, %(mode)s.")
        % {"name": registration.full_name, "mode": registration.get_attendance_mode_display()},
        _("Status: %(status)s.") % {"status": registration.get_status_display()},
    ]
    if not registration.is_in_person and conference.online_url:
        lines.append(_("Online participation: %(url)s") % {"url": conference.online_url})
    return "\n".join(lines)


def attendee_calendar(registration):
    """The conference and every session of its programme (kept up to date by UID and
    SEQUENCE), with the person's join links where they may join."""
    conference = registration.conference
    with translation.override(registration.mail_language):
        return events_calendar.attendee_calendar(
            conference=conference,
            sessions=programme_sessions(conference),
            join_urls=join_links_for(registration, absolute=True),
            extra_description=attendee_description(registration),
        )

"""iCalendar (RFC 5545) files for conferences, built with the icalendar library.

Calendar programs match an imported entry by UID and replace it when SEQUENCE rises, so
UIDs come from a UUID stored on the row (never from a slug or title that organisers may
edit) and SEQUENCE from a counter the services raise whenever the dates move.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress, vText

from events.models import Conference, ConferenceOrganisation

PRODID = "-//Tomsk Polytechnic University//Conference site//EN"
UID_DOMAIN = "conference-site.tpu.ru"


def new_calendar(*, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def finish_calendar(calendar):
    """Adds a VTIMEZONE for every zone the events use, then serialises (CRLF, folded)."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def conference_status(conference):
    """The iCalendar STATUS for a conference's state."""
    if conference.status == Conference.Status.CANCELLED:
        return "CANCELLED"
    if conference.status == Conference.Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def conference_description(conference):
    """Plain text for DESCRIPTION: summary, status note, page link."""
    parts = [conference.summary.strip()]
    if conference.status_note:
        parts.append(conference.status_note.strip())
    if conference.is_hybrid:
        parts.append(f"Hybrid: in person in {conference.venue_city or 'the venue'} and online.")
    parts.append(f"Details: {absolute_url(conference.get_absolute_url())}")
    return "\n\n".join(part for part in parts if part)


def conference_organizer(conference):
    """ORGANIZER: the host's name with the conference's contact address."""
    host = next(
        (role.organisation for role in conference.roles.all() if role.role == ConferenceOrganisation.Role.HOST),
        None,
    )
    organizer = vCalAddress(f"mailto:{conference.contact_email}")
    organizer.params["cn"] = vText(host.name if host else conference.title)
    return organizer


def conference_event(conference, *, extra_description=""):
    """One VEVENT for the whole conference, in the conference's own time zone."""
    zone = conference.zone
    event = Event()
    event.add("uid", f"conference-{conference.calendar_uid}@{UID_DOMAIN}")
    event.add("sequence", conference.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", conference.updated_at)
    event.add("created", conference.created_at)
    event.add("dtstart", conference.starts_at.astimezone(zone))
    event.add("dtend", conference.ends_at.astimezone(zone))
    event.add("summary", conference.title)
    description = conference_description(conference)
    if extra_description:
        description = f"{description}\n\n{extra_description}"
    event.add("description", description)
    event.add("url", absolute_url(conference.get_absolute_url()))
    if conference.venue_label:
        event.add("location", conference.venue_label)
    event.add("status", conference_status(conference))
    event.add("organizer", conference_organizer(conference))
    event.add("transp", "OPAQUE")
    return event


def conference_calendar(conference):
    """The .ics bytes of one conference's entry."""
    calendar = new_calendar(name=conference.title)
    calendar.add_component(conference_event(conference))
    return finish_calendar(calendar)


def calendar_response(ics_bytes, *, filename):
    """Serves .ics bytes as a download calendar programs recognise."""
    response = HttpResponse(ics_bytes, content_type="text/calendar; charset=utf-8")
    safe_name = slugify(filename) or "calendar"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
    return response

"""schema.org Event JSON-LD for a conference page, so search engines show the right dates."""

import json

from events.calendar import absolute_url
from events.models import Conference

SCHEMA_STATUS = {
    Conference.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Conference.Status.RESCHEDULED: "https://schema.org/EventRescheduled",
    Conference.Status.POSTPONED: "https://schema.org/EventPostponed",
    Conference.Status.CANCELLED: "https://schema.org/EventCancelled",
    Conference.Status.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
}

SCHEMA_ATTENDANCE = {
    Conference.AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Conference.AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Conference.AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _place(conference):
    return {
        "@type": "Place",
        "name": conference.venue_name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": conference.venue_street,
            "postalCode": conference.venue_postal_code,
            "addressLocality": conference.venue_city,
            "addressCountry": conference.venue_country.code,
        },
    }


def _virtual_location(conference):
    return {
        "@type": "VirtualLocation",
        "url": conference.online_url or absolute_url(conference.get_absolute_url()),
    }


def _organisation(organisation):
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["url"] = organisation.website
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    return data


def conference_event_data(conference, *, date_changes):
    """The Event object. `date_changes` is the conference's history, newest first."""
    zone = conference.zone
    mode = conference.attendance_mode
    if conference.status == Conference.Status.MOVED_ONLINE:
        mode = Conference.AttendanceMode.ONLINE
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        "description": conference.summary,
        "url": absolute_url(conference.get_absolute_url()),
        "startDate": conference.starts_at.astimezone(zone).isoformat(),
        "endDate": conference.ends_at.astimezone(zone).isoformat(),
        "eventStatus": SCHEMA_STATUS[conference.status],
        "eventAttendanceMode": SCHEMA_ATTENDANCE[mode],
        "inLanguage": conference.language_code,
        "organizer": [_organisation(role.organisation) for role in conference.roles.all()],
    }
    if mode == Conference.AttendanceMode.IN_PERSON:
        data["location"] = _place(conference)
    elif mode == Conference.AttendanceMode.ONLINE:
        data["location"] = _virtual_location(conference)
    else:
        data["location"] = [_place(conference), _virtual_location(conference)]
    if conference.status == Conference.Status.RESCHEDULED:
        previous = [change.previous_start_iso for change in date_changes]
        previous = [value for value in previous if value]
        if previous:
            data["previousStartDate"] = previous if len(previous) > 1 else previous[0]
    return data


def conference_json_ld(conference, *, date_changes):
    """Serialised for a <script type="application/ld+json"> block.

    '<', '>' and '&' are escaped so no value can close the script element early.
    """
    text = json.dumps(
        conference_event_data(conference, date_changes=date_changes), ensure_ascii=False
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

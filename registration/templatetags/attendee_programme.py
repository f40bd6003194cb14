"""The programme on an attendee's manage page, with the person's own join links
(registration.extensions) for the sessions they may join.

Join links live only on personal pages, feeds and mails: nowhere public. The platforms'
URLs appear nowhere: a join link is a personal redirect.
"""

from django import template

from events.programme import schedule_sessions
from registration.extensions import join_links_for

register = template.Library()


@register.inclusion_tag("registration/includes/attendee_programme.html")
def attendee_programme(registration):
    conference = registration.conference
    confirmed = registration.status == registration.Status.CONFIRMED
    join_links = join_links_for(registration) if confirmed else {}
    zone = conference.zone
    rows = [
        {
            "session": session,
            "starts_at": session.starts_at.astimezone(zone),
            "ends_at": session.ends_at.astimezone(zone),
            "join_url": join_links.get(session.pk, ""),
            # Recordings are for every confirmed attendee, whichever way they took part.
            "recording_url": session.recording_url,
        }
        for session in (schedule_sessions(conference) if confirmed else [])
    ]
    return {
        "conference": conference,
        "rows": rows,
        "receives_join_links": bool(join_links),
        "online": registration.attendance_mode == registration.AttendanceMode.ONLINE,
    }

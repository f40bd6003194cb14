"""The programme on an attendee's manage page, with join links for those who may see them.

Join links live only here and in the personal calendar: nowhere public.
"""

from django import template

from events.programme import join_url_for, schedule_sessions
from registration.calendar import receives_join_links

register = template.Library()


@register.inclusion_tag("registration/includes/attendee_programme.html")
def attendee_programme(registration):
    conference = registration.conference
    confirmed = registration.status == registration.Status.CONFIRMED
    include_join_links = receives_join_links(registration)
    zone = conference.zone
    rows = [
        {
            "session": session,
            "starts_at": session.starts_at.astimezone(zone),
            "ends_at": session.ends_at.astimezone(zone),
            "join_url": join_url_for(session, include_join_links=include_join_links),
            # Recordings are for every confirmed attendee, whichever way they took part.
            "recording_url": session.recording_url,
        }
        for session in (schedule_sessions(conference) if confirmed else [])
    ]
    return {
        "conference": conference,
        "rows": rows,
        "receives_join_links": include_join_links,
        "online": registration.attendance_mode == registration.AttendanceMode.ONLINE,
    }

"""The attendee's personal .ics: the conference's own entry (same UID and SEQUENCE as the
public calendar file, so importing both never duplicates it) with how this person takes
part. The manage link is deliberately left out: calendar entries get shared."""

from events.calendar import conference_event, finish_calendar, new_calendar


def attendee_description(registration):
    conference = registration.conference
    lines = [f"Registered: {registration.full_name}, {registration.get_attendance_mode_display()}."]
    lines.append(f"Status: {registration.get_status_display()}.")
    if not registration.is_in_person and conference.online_url:
        lines.append(f"Online participation: {conference.online_url}")
    return "\n".join(lines)


def attendee_calendar(registration):
    conference = registration.conference
    calendar = new_calendar(name=conference.title)
    calendar.add_component(
        conference_event(conference, extra_description=attendee_description(registration))
    )
    return finish_calendar(calendar)

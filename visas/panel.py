"""The visa part of the attendee's manage page (registration/extensions.py) and the
receiver that takes visa data away with a withdrawn registration."""

from visas import services


def part_context(registration):
    """registration.extensions: the visa panel, for confirmed in-person attendees only."""
    if not services.may_request(registration):
        return None
    visa_request = services.request_of(registration)
    conference = registration.conference
    return {
        "visa_request": visa_request,
        "can_edit": services.can_edit(registration, visa_request),
        "deadline": services.deadline_of(conference),
        "deadline_display": services.deadline_display(conference),
        "country": conference.venue_country.name if conference.venue_country else "",
        "deadline_passed": services.deadline_passed(conference),
        "contact_email": services.contact_email(conference),
        "token": registration.manage_token,
    }


def on_registration_withdrawn(sender, *, registration, reason, **kwargs):
    """registration.signals.registration_withdrawn: cancelled, erased, anonymised or
    deleted. Returns what it destroyed, for the destruction record."""
    return services.drop_for_registration(registration=registration)

"""What the event page shows about registration. The events app loads this tag; the facts
(window, seats left) come from the registration app so dependencies point one way."""

from django import template

from registration import services
from registration.models import Registration

register = template.Library()


@register.inclusion_tag("registration/includes/panel.html")
def registration_panel(conference):
    """The Register button or why there is none, in-person seats left, a privacy link.
    One query (the place counts)."""
    window = services.registration_window(conference)
    modes = services.available_modes(conference)
    left = None
    if window == services.OPEN and Registration.AttendanceMode.IN_PERSON in modes:
        left = services.seats_left(conference)
    return {
        "conference": conference,
        "window": window,
        "in_person_offered": Registration.AttendanceMode.IN_PERSON in modes,
        "seats_left": left,
        "in_person_full": left == 0,
    }

"""What the event page shows about registration. The event page includes
``registration/includes/event_panel.html``, which loads this tag: events' templates never
load registration's tags, and the facts (window, seats left) come from the registration app,
so dependencies point one way."""

from django import template
from django.db.models import Count, Q

from registration import services
from registration.models import Registration

register = template.Library()

CONFIRMED = Registration.Status.CONFIRMED.value
IN_PERSON = Registration.AttendanceMode.IN_PERSON.value
ONLINE = Registration.AttendanceMode.ONLINE.value


@register.inclusion_tag("registration/includes/panel.html")
def registration_panel(conference):
    """The Register button or why there is none, in-person seats left, a link to the public
    participant list when someone is on it, a privacy link. One query."""
    window = services.registration_window(conference)
    modes = services.available_modes(conference)
    counts = Registration.objects.filter(conference=conference).aggregate(
        in_person=Count("id", filter=Q(status=CONFIRMED, attendance_mode=IN_PERSON)),
        online=Count("id", filter=Q(status=CONFIRMED, attendance_mode=ONLINE)),
        listed=Count("id", filter=Q(status=CONFIRMED, list_publicly=True, erased_at=None)),
    )
    left = None
    if window == services.OPEN and IN_PERSON in modes:
        left = services.places_left(conference, counts=counts)[IN_PERSON]
    return {
        "conference": conference,
        "window": window,
        "in_person_offered": IN_PERSON in modes,
        "seats_left": left,
        "in_person_full": left == 0,
        "participants_listed": counts["listed"],
    }

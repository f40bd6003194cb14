"""When registration is open, which modes a conference offers, its capacity and the places
left, and the errors the rules raise.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from events.models import Conference
from registration.models import Registration

logger = logging.getLogger(__name__)

Mode = Registration.AttendanceMode
Status = Registration.Status
Route = Registration.EligibilityRoute
SeatRequest = Registration.SeatRequest


OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"
CANCELLED = "cancelled"
ENDED = "ended"

DETAIL_FIELDS = [
    "given_name",
    "family_name",
    "patronymic",
    "institution",
    "position",
    "country",
    "accessibility_needs",
    "dietary_needs",
    "visa_letter_wanted",
    "list_publicly",
]


class RegistrationError(Exception):
    """A rule stops the change; the message is fit to show to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class NotAllowed(RegistrationError):
    pass


class NoPlaceLeft(RegistrationError):
    pass


@dataclass
class RegisterOutcome:
    registration: Registration
    created: bool


# --- reading ---------------------------------------------------------------------------
def registration_window(conference, now=None):
    """Whether the form is open: OPEN, NOT_YET_OPEN, CLOSED, CANCELLED or ENDED."""
    now = now or timezone.now()
    if conference.is_cancelled:
        return CANCELLED
    if conference.is_past(now):
        return ENDED
    if conference.registration_opens_at and now < conference.registration_opens_at:
        return NOT_YET_OPEN
    if conference.registration_closes_at and now >= conference.registration_closes_at:
        return CLOSED
    return OPEN


def available_modes(conference):
    """The attendance modes this conference offers."""
    if conference.status == Conference.Status.MOVED_ONLINE:
        return [Mode.ONLINE]
    if conference.attendance_mode == Conference.AttendanceMode.ONLINE:
        return [Mode.ONLINE]
    if conference.attendance_mode == Conference.AttendanceMode.IN_PERSON:
        return [Mode.IN_PERSON]
    return [Mode.IN_PERSON, Mode.ONLINE]


def capacity_of(conference, mode):
    if mode == Mode.IN_PERSON:
        return conference.in_person_capacity
    return conference.online_capacity


def places_left(conference, *, counts=None):
    """Places left per mode as ``{"in_person": n, "online": n}``; None means no limit.
    One query (or none when `counts` from ``place_counts`` is given)."""
    counts = counts or Registration.objects.place_counts(conference)
    left = {}
    for mode in (Mode.IN_PERSON, Mode.ONLINE):
        capacity = capacity_of(conference, mode)
        left[mode.value] = None if capacity is None else max(capacity - counts[mode.value], 0)
    return left


def offered_language(code):
    """`code` if the site speaks it (settings.LANGUAGES), else the site's default."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- internal steps, always inside a transaction holding the conference lock -----------

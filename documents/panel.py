"""The documents part of the attendee's manage page (registration/extensions.py)."""

from documents import services
from registration.models import Registration


def part_context(registration):
    """Shown to confirmed registrations: the letter, and the certificate or why not yet."""
    if registration.status != Registration.Status.CONFIRMED or registration.erased_at:
        return None
    return {"certificate": services.certificate_standing(registration)}

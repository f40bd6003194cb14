"""The part delegations add to registration's pages and mails (registration/extensions.py):
a person registered by a delegation's contact is told so in the mail that asks them to
confirm their address (our fixed words only: nothing the contact typed goes into a mail to
someone else), and who did it on their manage page until they have. Once confirmed it
shows nothing, so a confirmed attendee's manage page costs no query for it."""

from delegations.models import Member
from registration.models import Registration


def part_context(registration):
    if registration.status != Registration.Status.PENDING_EMAIL:
        return None
    member = (
        Member.objects.filter(registration_id=registration.pk).select_related("delegation").first()
    )
    if member is None:
        return None
    delegation = member.delegation
    return {
        "contact_name": delegation.contact_name,
        "contact_role": delegation.contact_role,
        "contact_institution": delegation.contact_institution,
    }

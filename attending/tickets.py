"""The ticket of a confirmed in-person attendee and its QR code.

A ticket is made the first time it is needed (the manage page, an email that confirms a
seat, the check-in desk), once per registration: the one-to-one field makes two requests
at once agree on one ticket. The QR code holds the ticket code alone, drawn by segno as
inline SVG on the server (no outside service, no inline style or script)."""

import segno
from django.db import IntegrityError, transaction
from django.utils.safestring import mark_safe

from attending.models import Ticket


def ticket_for(registration):
    """The registration's ticket, made now if it has none."""
    ticket = Ticket.objects.filter(registration=registration).first()
    if ticket is not None:
        return ticket
    try:
        with transaction.atomic():
            return Ticket.objects.create(registration=registration)
    except IntegrityError:  # made at the same moment by another request
        return Ticket.objects.get(registration=registration)


def has_ticket(registration):
    """Who is shown a ticket: confirmed in-person attendees only."""
    return registration.status == registration.Status.CONFIRMED and registration.is_in_person


def qr_svg(code):
    """The QR code of a ticket code as an inline <svg> element (safe to insert in HTML)."""
    qr = segno.make(code, error="m", micro=False)
    # segno writes the SVG from the code's bits alone: no one's text reaches it.
    return mark_safe(  # noqa: S308
        qr.svg_inline(scale=4, border=4, light="#fff", svgclass="ticket-qr", lineclass=None)
    )


def part_context(registration):
    """registration.extensions: the ticket part of the manage page and the emails."""
    if not has_ticket(registration):
        return None
    ticket = ticket_for(registration)
    return {"ticket": ticket, "qr": qr_svg(ticket.code)}

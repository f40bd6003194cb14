"""Checking attendees in at the door: one function, one transaction.

``check_in`` locks the ticket's row, so two desks scanning one ticket at the same moment
take turns: the first records the arrival, the second is told when and by which desk. The
unique constraint on (ticket, day) holds the rule even without the lock."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attending.models import CheckIn, Ticket
from audit import services as audit
from registration.models import Registration


class CheckInRefused(Exception):
    """Who cannot be checked in, and a message for the desk saying why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    # False: the ticket had already been checked in that day (check_in says when, where)
    created: bool


def refusal(registration):
    """Why this registration cannot be checked in, or None if it can."""
    if registration.status != Registration.Status.CONFIRMED:
        return _("Not checked in: this registration is “%(status)s”, not confirmed.") % {
            "status": registration.get_status_display()
        }
    if not registration.is_in_person:
        return _("Not checked in: this person takes part online, without a seat in the hall.")
    return None


def conference_day(conference, now):
    """The date at the venue at the moment `now`."""
    return timezone.localtime(now, conference.zone).date()


def check_in(*, ticket, desk, by=None, now=None):
    """Records the arrival of the ticket's holder today (at the venue), once per day.

    Raises CheckInRefused for a registration that is not a confirmed in-person one, or on a
    day the conference does not run. Returns a CheckInResult; created is False when the
    ticket was already checked in that day."""
    now = now or timezone.now()
    desk = (desk or "").strip()[:40] or "?"
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("registration__conference")
            .get(pk=ticket.pk)
        )
        registration = ticket.registration
        conference = registration.conference
        reason = refusal(registration)
        if reason:
            raise CheckInRefused(reason)
        day = conference_day(conference, now)
        first = conference_day(conference, conference.starts_at)
        last = conference_day(conference, conference.ends_at)
        if not first <= day <= last:
            raise CheckInRefused(
                _("Not checked in: the conference runs from %(first)s to %(last)s.")
                % {"first": date_format(first), "last": date_format(last)}
            )
        existing = CheckIn.objects.filter(ticket=ticket, day=day).first()
        if existing is not None:
            return CheckInResult(existing, created=False)
        try:
            with transaction.atomic():
                made = CheckIn.objects.create(
                    ticket=ticket, conference=conference, day=day, at=now, desk=desk, by=by
                )
                audit.record(
                    action=audit.Action.CHECK_IN, user=by, registration=registration, detail=desk
                )
        except IntegrityError:  # only without the lock (a database that ignores it)
            return CheckInResult(CheckIn.objects.get(ticket=ticket, day=day), created=False)
    return CheckInResult(made, created=True)

"""Places: the conference lock, the seat taken or requested, the waiting list, and what
organisers decide (approve, decline, promote, move online).
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration import eligibility
from registration.emails import send_after_commit
from registration.models import InvitationCode, Registration
from registration.services.window import (
    CANCELLED,
    ENDED,
    OPEN,
    NoPlaceLeft,
    NotAllowed,
    RegistrationClosed,
    available_modes,
    capacity_of,
    registration_window,
)
from registration.signals import conference_moved_online

logger = logging.getLogger(__name__)

Mode = Registration.AttendanceMode
Status = Registration.Status
Route = Registration.EligibilityRoute
SeatRequest = Registration.SeatRequest


def _lock_conference(conference_id):
    return Conference.objects.select_for_update().get(pk=conference_id)


def _lock_registration(registration):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("conference")
        .get(pk=registration.pk)
    )


def _free_places(conference, mode):
    capacity = capacity_of(conference, mode)
    if capacity is None:
        return None
    taken = Registration.objects.filter(conference=conference).holding_place(mode).count()
    return max(capacity - taken, 0)


def _promote(conference, mode, now):
    """Gives free places to the waiting list in order. Returns who got one.

    Only while registration is open: after it has closed, the conference has ended or been
    cancelled, nobody is told that a place is theirs (organisers can still promote one
    person by hand until the conference ends, see ``promote``)."""
    if registration_window(conference, now) != OPEN:
        return []
    free = _free_places(conference, mode)
    if free == 0:
        return []
    waiting = Registration.objects.filter(conference=conference).waiting(mode)
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting.select_for_update(of=("self",)))
    online_freed = False
    for registration in promoted:
        if registration.seat_request:
            # A confirmed online attendee waiting for a seat: the seat is theirs now, and
            # their online place goes on in turn.
            _take_seat(registration)
            online_freed = True
        else:
            registration.status = Status.CONFIRMED
            registration.waiting_since = None
        registration.save()
        send_after_commit(registration, "seat_available")
    if online_freed:
        promoted += _promote(conference, Mode.ONLINE, now)
    return promoted


def _take_seat(registration):
    """A seat request is granted: the online place becomes an in-person one."""
    registration.attendance_mode = Mode.IN_PERSON
    registration.status = Status.CONFIRMED
    registration.seat_request = SeatRequest.NONE
    registration.waiting_since = None


def _request_seat(registration, conference, now):
    """A confirmed online attendee asks for an in-person seat. They get it at once when the
    in-person rules allow and a seat is free after everyone already waiting; otherwise the
    request waits (for a seat, or for the organisers' decision) and the online place stays
    theirs. Returns the registration's seat_request afterwards ("" once seated)."""
    if not _establish_eligibility(registration, conference, now):
        registration.seat_request = SeatRequest.AWAITING_APPROVAL
        registration.waiting_since = None
        return registration.seat_request
    _promote(conference, Mode.IN_PERSON, now)
    free = _free_places(conference, Mode.IN_PERSON)
    if free is None or free > 0:
        _take_seat(registration)
    else:
        registration.seat_request = SeatRequest.WAITING_LIST
        registration.waiting_since = now
    return registration.seat_request


_UNKNOWN = object()


def seat_request_outcome(registration, *, seats_left=_UNKNOWN, now=None):
    """What asking for an in-person seat would do now, for the manage page to say before
    the person presses: "seat", "waiting_list" or "awaiting_approval". Reads only; pass
    `seats_left` from ``places_left`` when already known (two queries then, at most)."""
    conference = registration.conference
    eligible = registration.eligibility_route in (Route.MANUAL, Route.INVITATION) or (
        eligibility.member_institution_for(email=registration.email, conference=conference)
        is not None
    )
    if not eligible and registration.invitation_id:
        eligible = (
            registration.invitation_used
            or InvitationCode.objects.usable(now).filter(pk=registration.invitation_id).exists()
        )
    if not eligible:
        return SeatRequest.AWAITING_APPROVAL.value
    free = _free_places(conference, Mode.IN_PERSON) if seats_left is _UNKNOWN else seats_left
    if free is None:
        return "seat"
    others = Registration.objects.filter(conference=conference).waiting(Mode.IN_PERSON)
    return "seat" if free > others.exclude(pk=registration.pk).count() else "waiting_list"


def _establish_eligibility(registration, conference, now):
    """True when the person may attend in person; records the route."""
    if registration.eligibility_route in (Route.MANUAL, Route.INVITATION):
        return True
    institution = eligibility.member_institution_for(
        email=registration.email, conference=conference
    )
    if institution is not None:
        registration.eligibility_route = Route.MEMBER_DOMAIN
        registration.member_institution = institution
        return True
    registration.member_institution = None
    if registration.invitation_id and (
        registration.invitation_used
        or eligibility.use_invitation(invitation=registration.invitation, now=now)
    ):
        registration.eligibility_route = Route.INVITATION
        registration.invitation_used = True
        return True
    registration.eligibility_route = Route.NONE
    return False


def _place(registration, conference, now):
    """Decides the status of a registration whose address is confirmed. The waiting list
    goes first: free places are given to it before anyone new is considered."""
    mode = registration.attendance_mode
    if mode == Mode.IN_PERSON and not _establish_eligibility(registration, conference, now):
        registration.status = Status.AWAITING_APPROVAL
        registration.waiting_since = None
        return registration.status
    _promote(conference, mode, now)
    free = _free_places(conference, mode)
    if free is None or free > 0:
        registration.status = Status.CONFIRMED
        registration.waiting_since = None
    else:
        registration.status = Status.WAITING_LIST
        registration.waiting_since = now
    return registration.status


def _set_mode(registration, mode):
    registration.attendance_mode = mode
    if mode == Mode.ONLINE:
        registration.visa_letter_wanted = False


# Relations are set by the services themselves; validating them would only cost queries.


_REGISTERED_AGAIN = _(
    "This person has registered again since being declined: decide on their newer "
    "registration instead."
)


def _has_another_active(registration):
    return (
        Registration.objects.active()
        .filter(conference_id=registration.conference_id, email=registration.email)
        .exclude(pk=registration.pk)
        .exists()
    )


@transaction.atomic
def approve(*, registration, user, now=None):
    """Organisers admit someone to in-person attendance: confirmed while seats are left,
    else on the waiting list."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.seat_request == SeatRequest.AWAITING_APPROVAL:
        return _approve_seat_request(registration, conference, user, now)
    if registration.status not in (Status.AWAITING_APPROVAL, Status.DECLINED):
        raise NotAllowed(_("Only registrations awaiting a decision or declined can be approved."))
    if registration.email_confirmed_at is None:
        raise NotAllowed(_("The email address is not confirmed yet."))
    if registration_window(conference, now) in (CANCELLED, ENDED):
        raise RegistrationClosed(_("This conference is over or cancelled: nothing can change."))
    if registration.status == Status.DECLINED and _has_another_active(registration):
        raise NotAllowed(_REGISTERED_AGAIN)
    registration.eligibility_route = Route.MANUAL
    registration.decided_by = user
    registration.decided_at = now
    status = _place(registration, conference, now)
    try:
        # A registration made at this very moment is stopped by the constraint: the
        # savepoint keeps this transaction usable and the organiser gets the same answer.
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise NotAllowed(_REGISTERED_AGAIN) from None
    send_after_commit(registration, "approved" if status == Status.CONFIRMED else "waiting_list")
    return registration


def _approve_seat_request(registration, conference, user, now):
    """A confirmed online attendee's request for a seat, approved: the seat is theirs if one
    is free after those already waiting, else they wait for one, online place kept."""
    if registration_window(conference, now) in (CANCELLED, ENDED):
        raise RegistrationClosed(_("This conference is over or cancelled: nothing can change."))
    registration.eligibility_route = Route.MANUAL
    registration.decided_by = user
    registration.decided_at = now
    seated = not _request_seat(registration, conference, now)
    registration.save()
    if seated:
        _promote(conference, Mode.ONLINE, now)
        send_after_commit(registration, "approved")
    else:
        send_after_commit(registration, "seat_request")
    return registration


@transaction.atomic
def decline(*, registration, user, now=None):
    """Organisers decline in-person attendance. Declining a confirmed online attendee's
    request for a seat declines the request only: the online place stays theirs."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.seat_request:
        registration.seat_request = SeatRequest.NONE
        registration.waiting_since = None
        registration.decided_by = user
        registration.decided_at = now
        registration.save()
        send_after_commit(registration, "declined")
        return registration
    if registration.status not in (Status.AWAITING_APPROVAL, Status.WAITING_LIST, Status.CONFIRMED):
        raise NotAllowed(_("Only confirmed, waiting or undecided registrations can be declined."))
    held_place = registration.status == Status.CONFIRMED
    registration.status = Status.DECLINED
    registration.waiting_since = None
    registration.decided_by = user
    registration.decided_at = now
    registration.save()
    if held_place:
        _promote(conference, registration.attendance_mode, now)
    send_after_commit(registration, "declined")
    return registration


@transaction.atomic
def promote(*, registration, user, now=None):
    """Organisers give a place to one chosen person on the waiting list, if one is free."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    seat_request = registration.seat_request == SeatRequest.WAITING_LIST
    if registration.status != Status.WAITING_LIST and not seat_request:
        raise NotAllowed(_("Only registrations on the waiting list can be promoted."))
    if registration_window(conference, now) in (CANCELLED, ENDED):
        raise RegistrationClosed(_("This conference is over or cancelled: nothing can change."))
    mode = Mode.IN_PERSON if seat_request else registration.attendance_mode
    if _free_places(conference, mode) == 0:
        raise NoPlaceLeft(_("No place is left; raise the capacity first."))
    if seat_request:
        _take_seat(registration)
    registration.status = Status.CONFIRMED
    registration.waiting_since = None
    registration.decided_by = user
    registration.decided_at = now
    registration.save()
    if seat_request:
        _promote(conference, Mode.ONLINE, now)
    send_after_commit(registration, "seat_available")
    return registration


@transaction.atomic
def promote_waiting_list(*, conference, now=None):
    """Fills every free place from the waiting lists, in order. Returns who was promoted."""
    now = now or timezone.now()
    conference = _lock_conference(conference.pk)
    return [
        *_promote(conference, Mode.IN_PERSON, now),
        *_promote(conference, Mode.ONLINE, now),
    ]


# --- what the conference's own changes do to registrations ------------------------------
@transaction.atomic
def move_online(*, conference, now=None):
    """The conference no longer offers in-person attendance (moved online): nobody loses
    their registration. Confirmed in-person attendees become confirmed online ones (with
    join links), whatever the online capacity; those waiting for a seat or a decision are
    placed online by the usual rules, keeping their turn; those yet to confirm their address
    will be registered online when they do. Every active registration is told by email,
    with the updated calendar entry once confirmed. Returns the registrations moved."""
    now = now or timezone.now()
    conference = _lock_conference(conference.pk)
    if Mode.IN_PERSON in available_modes(conference):
        return []
    in_person = list(
        Registration.objects.filter(conference=conference, attendance_mode=Mode.IN_PERSON)
        .active()
        .select_for_update(of=("self",))
        .order_by("waiting_since", "id")
    )
    # Requests for a seat that no longer exists are settled: the online place stays.
    requests = Registration.objects.filter(conference=conference).exclude(
        seat_request=SeatRequest.NONE
    )
    for registration in requests.select_for_update(of=("self",)):
        registration.seat_request = SeatRequest.NONE
        registration.waiting_since = None
        registration.save()
    holders = [r for r in in_person if r.status == Status.CONFIRMED]
    for registration in holders:
        _set_mode(registration, Mode.ONLINE)
        registration.save()
    for registration in in_person:
        if registration.status in (Status.WAITING_LIST, Status.AWAITING_APPROVAL):
            waiting_since = registration.waiting_since
            _set_mode(registration, Mode.ONLINE)
            if _place(registration, conference, now) == Status.WAITING_LIST:
                registration.waiting_since = waiting_since or now
            registration.save()
        elif registration.status == Status.PENDING_EMAIL:
            _set_mode(registration, Mode.ONLINE)
            registration.save()
    # Everyone active now is told, by the mail engine in the background: the organiser's
    # save must not wait for thousands of mails (the mail engine listens, messaging/apps.py).
    _start_moved_online_mailing(conference)
    return in_person


def _start_moved_online_mailing(conference):
    told = Registration.objects.filter(conference=conference).active()
    if told.exists():
        conference_moved_online.send(Registration, conference=conference, registrations=told)


def on_conference_changed(sender, *, conference, changed, previous, created, **kwargs):
    """The one place where registration reacts to organisers changing a conference (the
    ``events.signals.conference_changed`` receiver, connected in ``RegistrationConfig``).
    Runs inside ``events.services.save_conference``'s transaction, which holds the
    conference row: no longer offered in person, the in-person registrations move online;
    more places or a longer window, the waiting lists move up (``promote_waiting_list``
    does so only while registration is open)."""
    if created:
        return
    if changed & {"attendance_mode", "status"} and Mode.IN_PERSON not in available_modes(
        conference
    ):
        move_online(conference=conference)
    if changed & {
        "in_person_capacity",
        "online_capacity",
        "registration_opens_at",
        "registration_closes_at",
        "status",
        "attendance_mode",
    }:
        promote_waiting_list(conference=conference)

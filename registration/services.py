"""Business rules of registration, each a plain function and one transaction.

Capacity follows pretalx's pattern: inside ``transaction.atomic()`` the conference row (the
owner of the capacities) is locked with ``select_for_update()``, places are counted, then
the decision is written. Every function that can take or free a place locks the conference
first and the registration second, always in that order, so two of them cannot deadlock.
On SQLite ``select_for_update`` does nothing, but the settings open every transaction with
``BEGIN IMMEDIATE``, which serialises writers just the same.

Emails go out after the commit (``registration.emails.send_after_commit``).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from events.models import Conference
from outbox.addresses import normalise_address
from registration import eligibility, extensions, questions
from registration.emails import absolute, send_after_commit
from registration.models import InvitationCode, Question, Registration
from registration.signals import registration_withdrawn

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


def erase_url(registration):
    """The absolute link that erases the person's data; it works after cancelling too. In
    the registration's language, like every link mailed to the person."""
    with translation.override(registration.mail_language):
        path = reverse("registration:erase", kwargs={"token": registration.manage_token})
    return absolute(path)


def offered_language(code):
    """`code` if the site speaks it (settings.LANGUAGES), else the site's default."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- internal steps, always inside a transaction holding the conference lock -----------
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
NOT_VALIDATED = ["conference", "invitation", "member_institution", "decided_by"]


def _validate(registration):
    """The address in its one form, then field rules (lengths, choices, email syntax).
    Uniqueness is the database's job here: the constraint answers even when two requests
    race."""
    try:
        registration.email = normalise_address(registration.email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    registration.clean_fields(exclude=NOT_VALIDATED)


def _save(registration):
    _validate(registration)
    registration.save()


# --- what attendees do -----------------------------------------------------------------
@transaction.atomic
def register(
    *,
    conference,
    data,
    language=None,
    now=None,
    answers=None,
    mail_cap=None,
    consents=None,
    client=None,
):
    """Creates a registration awaiting email confirmation and mails the confirmation link.

    `answers` ({Question: value}, see registration.questions.cleaned_answers) are saved with
    the registration, those to questions of this conference asked of the chosen mode.

    `language` is the language the person registered in (the page's); every mail and the
    calendar speak it. Missing or not offered: the site's default.

    `consents` ({purpose: ticked}, see RegistrationForm.consents) are recorded with the
    client address `client` by the app that keeps consents (registration.extensions), for
    a new registration only.

    A second registration of an active address is stopped by the database constraint; the
    person then gets their existing link again by email, and the caller cannot tell the
    two cases apart (so a visitor cannot probe who registered).

    `mail_cap` (registration.emails.MailCap): a further cap on the mail to the address, for
    registrations someone else asked for (a delegation's contact).
    """
    now = now or timezone.now()
    window = registration_window(conference, now)
    if window != OPEN:
        raise RegistrationClosed(_("Registration is not open."))
    mode = data["attendance_mode"]
    if mode not in available_modes(conference):
        raise NotAllowed(_("This conference does not offer that way of taking part."))
    in_person = mode == Mode.IN_PERSON
    registration = Registration(
        conference=conference,
        attendance_mode=mode,
        status=Status.PENDING_EMAIL,
        given_name=data["given_name"],
        family_name=data["family_name"],
        email=data["email"],
        institution=data["institution"],
        position=data.get("position", ""),
        country=data["country"],
        accessibility_needs=data.get("accessibility_needs", "") if in_person else "",
        dietary_needs=data.get("dietary_needs", "") if in_person else "",
        visa_letter_wanted=bool(data.get("visa_letter_wanted")) and in_person,
        list_publicly=bool(data.get("list_publicly")),
        privacy_consent_at=now,
        invitation=data.get("invitation"),
        language=offered_language(language or settings.LANGUAGE_CODE),
    )
    _validate(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        existing = (
            Registration.objects.active()
            .filter(conference=conference, email=registration.email)
            .first()
        )
        if existing is None:
            raise
        kind = "confirm_email" if existing.status == Status.PENDING_EMAIL else "link_again"
        send_after_commit(existing, kind, again=True, cap=mail_cap)
        return RegisterOutcome(registration=existing, created=False)
    questions.save_answers(registration, _asked(answers or {}, registration))
    if consents is not None:
        extensions.record_consents(
            registration=registration,
            given=consents,
            client=client,
            language=registration.language,
            now=now,
        )
    send_after_commit(registration, "confirm_email", cap=mail_cap)
    return RegisterOutcome(registration=registration, created=True)


@transaction.atomic
def confirm_email(*, registration, now=None):
    """The person followed the link in the first email: their address is theirs. Decide
    their place. Following the link again changes nothing.

    The rules of ``register`` still hold at this moment: after registration has closed
    (or the conference ended or was cancelled) no place is decided, and a mode the
    conference no longer offers (it moved online) becomes the one it offers."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.status != Status.PENDING_EMAIL:
        return registration
    if registration_window(conference, now) != OPEN:
        raise RegistrationClosed(
            _("Registration closed before your address was confirmed, so no place was taken.")
        )
    modes = available_modes(conference)
    if registration.attendance_mode not in modes:
        _set_mode(registration, modes[0])
    registration.email_confirmed_at = now
    status = _place(registration, conference, now)
    registration.save()
    kind = {
        Status.CONFIRMED: "registered",
        Status.WAITING_LIST: "waiting_list",
        Status.AWAITING_APPROVAL: "awaiting_approval",
    }[status]
    send_after_commit(registration, kind)
    return registration


@transaction.atomic
def update_details(*, registration, data):
    """Changes the person's details (not their address or mode) and confirms by email."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise NotAllowed(_("This registration can no longer be changed."))
    changed = []
    for field in DETAIL_FIELDS:
        if field in data and getattr(registration, field) != data[field]:
            setattr(registration, field, data[field])
            changed.append(field)
    if not registration.is_in_person:
        registration.visa_letter_wanted = False
    if not changed:
        return registration
    _save(registration)
    send_after_commit(registration, "details_changed")
    return registration


def _asked(answers, registration):
    return {
        question: value
        for question, value in answers.items()
        if question.conference_id == registration.conference_id
        and not question.archived
        and question.is_asked_of(registration.attendance_mode)
    }


@transaction.atomic
def update_answers(*, registration, answers, now=None):
    """The person changes their answers to the organisers' questions on the manage page,
    while registration is open. Answers to questions no longer asked stay as given."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise NotAllowed(_("This registration can no longer be changed."))
    if registration_window(registration.conference, now) != OPEN:
        raise RegistrationClosed(
            _("Registration has closed: your answers can no longer be changed.")
        )
    return questions.save_answers(registration, _asked(answers, registration))


@transaction.atomic
def archive_questions(*, questions, archived=True):
    """Organisers stop asking questions (or ask them again); the answers given stay with
    the registrations, in the admin and the exports. Returns how many changed."""
    changed = 0
    # The admin's queryset counts answers (GROUP BY), which cannot be locked: lock the rows.
    chosen = Question.objects.filter(pk__in=list(questions.values_list("pk", flat=True)))
    for question in chosen.select_for_update().exclude(archived=archived):
        question.archived = archived
        question.save(update_fields=["archived"])
        changed += 1
    return changed


@transaction.atomic
def change_language(*, registration, language):
    """The person chooses the language of their emails, links and calendar feed. A language
    the site does not offer is refused. Nobody is mailed: the person is on the page."""
    if language not in dict(settings.LANGUAGES):
        raise NotAllowed(_("We do not write in that language."))
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise NotAllowed(_("This registration can no longer be changed."))
    if registration.language != language:
        registration.language = language
        registration.save(update_fields=["language", "updated_at"])
    return registration


def switch_choices(registration, now=None):
    """The modes `switch_mode` would move this registration to now, so the manage page offers
    nothing it would refuse: no change once the conference is over or cancelled, and no seat
    in person once registration has closed (switching to online stays possible)."""
    if registration.status not in (Status.CONFIRMED, Status.WAITING_LIST, Status.AWAITING_APPROVAL):
        return []
    window = registration_window(registration.conference, now)
    if window in (CANCELLED, ENDED):
        return []
    return [
        mode
        for mode in available_modes(registration.conference)
        if mode != registration.attendance_mode and (mode != Mode.IN_PERSON or window == OPEN)
    ]


def can_withdraw_seat_request(registration, now=None):
    """A pending request for a seat can be withdrawn until the conference is over."""
    window = registration_window(registration.conference, now)
    return bool(registration.seat_request) and window not in (CANCELLED, ENDED)


@transaction.atomic
def switch_mode(*, registration, mode, now=None):
    """Moves between online and in person. In-person rules apply to the new mode; leaving
    in person frees the seat for the waiting list."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.status not in (Status.CONFIRMED, Status.WAITING_LIST, Status.AWAITING_APPROVAL):
        raise NotAllowed(_("Confirm your email address first; then you can switch."))
    if mode not in available_modes(conference):
        raise NotAllowed(_("This conference does not offer that way of taking part."))
    if mode == registration.attendance_mode:
        if registration.seat_request:
            # Staying online after all: the request is withdrawn, the place was never lost.
            registration.seat_request = SeatRequest.NONE
            registration.waiting_since = None
            registration.save()
            send_after_commit(registration, "seat_request")
        return registration
    window = registration_window(conference, now)
    if window in (CANCELLED, ENDED):
        raise RegistrationClosed(_("This conference is over or cancelled: nothing can change."))
    if mode == Mode.IN_PERSON and window != OPEN:
        raise RegistrationClosed(
            _(
                "Registration has closed, so no seat in person can be taken any more. "
                "You can still take part online, or cancel."
            )
        )
    if mode == Mode.IN_PERSON and registration.status == Status.CONFIRMED:
        if registration.seat_request:
            # Asked already (a double click, a page posted again): the request keeps its
            # turn, and no second mail goes out.
            return registration
        # Asking never costs the online place: it is kept until a seat is theirs.
        if _request_seat(registration, conference, now):
            registration.save()
            send_after_commit(registration, "seat_request")
            return registration
        registration.save()
        _promote(conference, Mode.ONLINE, now)
        send_after_commit(registration, "mode_switched")
        return registration
    old_mode, held_place = registration.attendance_mode, registration.status == Status.CONFIRMED
    _set_mode(registration, mode)
    # The stored row still holds the old mode, so it is not counted against the new one.
    _place(registration, conference, now)
    registration.save()
    if held_place:
        _promote(conference, old_mode, now)
    send_after_commit(registration, "mode_switched")
    return registration


@transaction.atomic
def cancel(*, registration, now=None):
    """Cancels; a seat it held goes to the first person on the waiting list."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if not registration.is_active:
        return registration
    held_place = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.seat_request = SeatRequest.NONE
    registration.waiting_since = None
    registration.save()
    _record_destruction(
        rule=RULE_CANCELLED,
        categories=_withdrawn(registration, "cancelled"),
        conference=conference,
    )
    if held_place:
        _promote(conference, registration.attendance_mode, now)
    send_after_commit(registration, "cancelled", extra={"erase_url": erase_url(registration)})
    return registration


# Under which rule data are destroyed: the destruction record (audit) names it.
RULE_ERASURE = "erasure at the person's request"
RULE_WITHDRAWAL = "consent to registration withdrawn"
RULE_CANCELLED = "registration cancelled: its visa data go with it"
RULE_DELETED = "registration deleted by the organisers"
RULE_ANONYMISED = "registration anonymised by the organisers"
RULE_AFTER_CONFERENCE = "retention: erased 180 days after the conference"
RULE_UNCONFIRMED = "retention: address unconfirmed for 30 days"


def _withdrawn(registration, reason):
    """Sends registration_withdrawn and adds up what its receivers say they destroyed
    ({category: count} each, registration/signals.py)."""
    counts = {}
    responses = registration_withdrawn.send(Registration, registration=registration, reason=reason)
    for _receiver, destroyed in responses:
        if isinstance(destroyed, dict):
            _add(counts, destroyed)
    return counts


def _record_destruction(*, rule, categories, conference):
    from audit.services import record_destruction

    return record_destruction(rule=rule, categories=categories, conference=conference)


def _add(counts, more):
    for category, number in more.items():
        counts[category] = counts.get(category, 0) + number
    return counts


def _strip_personal_data(registration, *, name, placeholder, keep_country=False):
    """Removes what identifies the person from the row (the row stays, so counts remain
    true) and revokes the link. Returns {category: count} of what was destroyed."""
    counts = {"registration details (name, email address, institution, position)": 1}
    if registration.accessibility_needs or registration.dietary_needs:
        counts["accessibility and dietary notes"] = 1
    answers, _by_model = registration.answers.all().delete()
    if answers:
        counts["answers to the organisers' questions"] = _by_model.get("registration.Answer", 0)
    registration.seat_request = SeatRequest.NONE
    registration.given_name = name
    registration.family_name = ""
    registration.email = f"{placeholder}-{registration.public_id.hex}@{placeholder}.invalid"
    registration.pending_email = ""
    registration.institution = ""
    registration.position = ""
    if not keep_country:
        registration.country = ""
    registration.accessibility_needs = ""
    registration.dietary_needs = ""
    registration.visa_letter_wanted = False
    registration.list_publicly = False
    registration.member_institution = None
    registration.waiting_since = None
    registration.revoke_token()
    registration.reset_feed_token()
    return counts


def _erase(registration, now, reason="erased"):
    """Erases in the caller's transaction; returns (registration, {category: count})."""
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.erased_at is not None:
        return registration, {}
    held_place = registration.status == Status.CONFIRMED
    if registration.is_active:
        registration.status = Status.CANCELLED
    counts = _strip_personal_data(registration, name="Erased", placeholder="erased")
    registration.erased_at = now
    registration.save()
    _add(counts, _withdrawn(registration, reason))
    if held_place:
        _promote(conference, registration.attendance_mode, now)
    return registration, counts


@transaction.atomic
def erase_personal_data(*, registration, now=None, rule=RULE_ERASURE):
    """Cancels (freeing any seat for the waiting list while registration is open) and
    removes everything that identifies the person. The row stays, anonymous, so the
    organisers' counts remain true; the link stops working. Works on a cancelled
    registration too: the privacy notice promises erasure with the same link. Writes a
    destruction record (audit) under `rule`, with the counts and never the data."""
    now = now or timezone.now()
    registration, counts = _erase(registration, now)
    _record_destruction(rule=rule, categories=counts, conference=registration.conference)
    return registration


def erase_after_conferences(*, now=None, days=180):
    """The retention rule: every registration of a conference that ended more than `days`
    ago is erased, each in its own transaction; one destruction record per conference.
    Returns how many were erased."""
    now = now or timezone.now()
    ended = Registration.objects.filter(
        erased_at__isnull=True, conference__ends_at__lt=now - dt.timedelta(days=days)
    ).order_by("conference_id", "id")
    per_conference = {}
    erased = 0
    for registration in ended.iterator():
        with transaction.atomic():
            registration, counts = _erase(registration, now)
        _add(per_conference.setdefault(registration.conference_id, {}), counts)
        erased += 1
    for conference in Conference.objects.filter(pk__in=list(per_conference)):
        _record_destruction(
            rule=RULE_AFTER_CONFERENCE,
            categories=per_conference[conference.pk],
            conference=conference,
        )
    return erased


def delete_unconfirmed(*, now=None, days=30):
    """The retention rule for addresses never confirmed: deleted after `days`. One
    destruction record per conference. Returns how many registrations were deleted."""
    now = now or timezone.now()
    stale = Registration.objects.filter(
        status=Status.PENDING_EMAIL, created_at__lt=now - dt.timedelta(days=days)
    )
    deleted = 0
    for conference in Conference.objects.filter(pk__in=stale.values("conference_id")):
        with transaction.atomic():
            _total, by_model = stale.filter(conference=conference).delete()
            _record_destruction(
                rule=RULE_UNCONFIRMED, categories=_model_counts(by_model), conference=conference
            )
        deleted += by_model.get("registration.Registration", 0)
    return deleted


def _model_counts(by_model):
    """{category: count} of Django's delete() counts, named by the models' plural names."""
    from django.apps import apps

    with translation.override("en"):  # the record reads the same whoever ran the job
        return {
            str(apps.get_model(label)._meta.verbose_name_plural): count
            for label, count in by_model.items()
            if count
        }


@transaction.atomic
def anonymise(*, registration, user=None, now=None):
    """Organisers' alternative to deleting a registration that others depend on (a visa
    request, a ticket and its check-ins): the personal data go (name "Anonymised", an
    address that cannot receive mail, notes, answers, visa data), the row, its ticket and
    check-ins stay for the counts, with the country. Before the conference ends it is also
    cancelled (its seat goes to the waiting list); afterwards its status stays, so the
    statistics of who took part remain true. Writes a destruction record."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    if registration.erased_at is not None:
        raise NotAllowed(_("This registration's personal data are already erased."))
    held_place = False
    if registration.is_active and not conference.is_past(now):
        held_place = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
    counts = _strip_personal_data(
        registration, name="Anonymised", placeholder="anonymised", keep_country=True
    )
    registration.erased_at = now
    registration.save()
    _add(counts, _withdrawn(registration, "anonymised"))
    _record_destruction(rule=RULE_ANONYMISED, categories=counts, conference=conference)
    if held_place:
        _promote(conference, registration.attendance_mode, now)
    return registration


@transaction.atomic
def reset_calendar_feed(*, registration):
    """The person gives their calendar feed a new link (manage page): the old feed link
    stops working, the manage link stays as it is."""
    registration = _lock_registration(registration)
    registration.reset_feed_token()
    registration.save(update_fields=["feed_token_salt", "updated_at"])
    return registration


# --- changing the address -----------------------------------------------------------------
EMAIL_CHANGE_SALT = "registration.email-change"
EMAIL_CHANGE_MAX_AGE = dt.timedelta(days=7)


def email_change_url(registration):
    """The link mailed to a new address: it names the registration and that address,
    signed, and works for a week as long as the address is still the one requested."""
    signed = signing.dumps(
        [registration.public_id.hex, registration.pending_email], salt=EMAIL_CHANGE_SALT
    )
    with translation.override(registration.mail_language):
        path = reverse("registration:confirm_email_change", kwargs={"signed": signed})
    return absolute(path)


def registration_for_email_change(signed):
    """The registration whose pending address a link confirms, or None. Never raises."""
    try:
        public_id, email = signing.loads(
            signed, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE
        )
        registration = (
            Registration.objects.active().select_related("conference").get(public_id=public_id)
        )
    except (
        signing.BadSignature,
        ValueError,
        TypeError,
        ValidationError,
        Registration.DoesNotExist,
    ):
        return None
    if not email or registration.pending_email != email:
        return None
    return registration


@transaction.atomic
def request_email_change(*, registration, email, request=None):
    """Organisers change a person's address, the one door for it (the admin's change form
    calls it): the new address gets a link to confirm it; the old one is told, in the
    person's language and without any link, that the organisers changed it; the audit log
    records who did (`request`: the staff member and their client). Until the link is
    followed the old address stays in force (it receives the mails, its link keeps
    working); once it is, confirm_email_change kills the old manage link and sends a new
    one to the new address. Changing back cancels the request."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise NotAllowed(_("This registration is no longer active."))
    email = normalise_address(email)
    if email == registration.email:
        registration.pending_email = ""
        registration.save(update_fields=["pending_email", "updated_at"])
        return registration
    registration.pending_email = email
    registration.clean_fields(
        exclude=[f.name for f in Registration._meta.fields if f.name != "pending_email"]
    )
    registration.save(update_fields=["pending_email", "updated_at"])
    send_after_commit(
        registration,
        "email_change_confirm",
        to=email,
        extra={"new_email": email, "confirm_change_url": email_change_url(registration)},
    )
    send_after_commit(registration, "email_change_notice", extra={"new_email": email})
    audit.record(
        action=audit.Action.EMAIL_CHANGED,
        request=request,
        registration=registration,
        detail="email change requested by staff; the new address is asked to confirm",
    )
    return registration


@transaction.atomic
def confirm_email_change(*, registration, request=None):
    """The new address is confirmed: it replaces the old one, and the personal link is
    renewed (the old address no longer opens the registration) and mailed to it. The
    calendar feed keeps its own link. Recorded, with the client that confirmed."""
    registration = _lock_registration(registration)
    if not registration.is_active or not registration.pending_email:
        raise NotAllowed(_("There is no change of address to confirm."))
    registration.email = registration.pending_email
    registration.pending_email = ""
    registration.revoke_token()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise NotAllowed(
            _("This address already has an active registration for this conference.")
        ) from None
    send_after_commit(registration, "email_changed")
    audit.record(
        action=audit.Action.EMAIL_CHANGED,
        request=request,
        registration=registration,
        detail="new address confirmed; the old manage link is revoked, a new one sent",
    )
    return registration


# --- what organisers do ------------------------------------------------------------------
@transaction.atomic
def delete_registration(*, registration, now=None):
    """Organisers delete a registration (a test entry, a duplicate): the same rules as
    cancelling, so a seat it held goes to the waiting list while registration is open.
    Nobody is mailed: the person did not ask."""
    now = now or timezone.now()
    conference = _lock_conference(registration.conference_id)
    registration = _lock_registration(registration)
    held_place = registration.status == Status.CONFIRMED
    mode = registration.attendance_mode
    counts = _withdrawn(registration, "deleted")
    _total, by_model = registration.delete()
    _record_destruction(
        rule=RULE_DELETED, categories=_add(counts, _model_counts(by_model)), conference=conference
    )
    if held_place:
        _promote(conference, mode, now)


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
    # Everyone is told by a background task: the organiser's save must not wait for
    # thousands of mails (registration.tasks.mail_moved_online).
    told = list(
        Registration.objects.filter(conference=conference).active().values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _enqueue_moved_online_mails(told))
    return in_person


def _enqueue_moved_online_mails(registration_ids):
    from registration.tasks import mail_moved_online

    if registration_ids:
        mail_moved_online.enqueue(registration_ids=registration_ids)


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


def resend_link(*, registration):
    """Mails the confirmation link again (or, once confirmed, the manage link)."""
    if not registration.is_active:
        raise NotAllowed(_("This registration is no longer active."))
    with transaction.atomic():
        kind = "confirm_email" if registration.status == Status.PENDING_EMAIL else "link_again"
        send_after_commit(registration, kind)
    return kind

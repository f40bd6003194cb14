"""What the person does: register, confirm the address, change details, answers, language
or mode, cancel, and ask for the link again.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.addresses import normalise_address
from registration import extensions, names, questions
from registration.emails import send_after_commit
from registration.models import Question, Registration
from registration.models.registration import NAME_PARTS
from registration.services.erasure import RULE_CANCELLED, _record_destruction, _withdrawn, erase_url
from registration.services.seats import (
    _lock_conference,
    _lock_registration,
    _place,
    _promote,
    _request_seat,
    _set_mode,
)
from registration.services.window import (
    CANCELLED,
    DETAIL_FIELDS,
    ENDED,
    OPEN,
    NotAllowed,
    RegisterOutcome,
    RegistrationClosed,
    available_modes,
    offered_language,
    registration_window,
)

logger = logging.getLogger(__name__)

Mode = Registration.AttendanceMode
Status = Registration.Status
Route = Registration.EligibilityRoute
SeatRequest = Registration.SeatRequest


NOT_VALIDATED = ["conference", "invitation", "member_institution", "decided_by"]


def _validate(registration):
    """The address in its one form, then field rules (lengths, choices, email syntax).
    Uniqueness is the database's job here: the constraint answers even when two requests
    race."""
    try:
        registration.email = normalise_address(registration.email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    for part in NAME_PARTS:
        setattr(registration, part, names.clean_name(getattr(registration, part)))
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
        patronymic=data.get("patronymic", ""),
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
        if field not in data:
            continue
        value = names.clean_name(data[field]) if field in NAME_PARTS else data[field]
        if getattr(registration, field) != value:
            setattr(registration, field, value)
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


def resend_link(*, registration):
    """Mails the confirmation link again (or, once confirmed, the manage link)."""
    if not registration.is_active:
        raise NotAllowed(_("This registration is no longer active."))
    with transaction.atomic():
        kind = "confirm_email" if registration.status == Status.PENDING_EMAIL else "link_again"
        send_after_commit(registration, kind)
    return kind

"""Erasure, anonymisation, deletion and retention: personal data leave under a named rule
and leave a destruction record.
"""

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration.emails import absolute
from registration.models import Registration
from registration.services.seats import _lock_conference, _lock_registration, _promote
from registration.services.window import NotAllowed
from registration.signals import registration_withdrawn

logger = logging.getLogger(__name__)

Mode = Registration.AttendanceMode
Status = Registration.Status
Route = Registration.EligibilityRoute
SeatRequest = Registration.SeatRequest


def erase_url(registration):
    """The absolute link that erases the person's data; it works after cancelling too. In
    the registration's language, like every link mailed to the person."""
    with translation.override(registration.mail_language):
        path = reverse("registration:erase", kwargs={"token": registration.manage_token})
    return absolute(path)


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
    registration.patronymic = ""
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

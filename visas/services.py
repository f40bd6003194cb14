"""Business rules of visa support, each a plain function and one transaction.

A request is made and edited by its attendee (``save_request``) while it is "requested" and
the deadline has not passed. Organisers move it on, each step through its own door:
``mark_submitted``, ``mark_issued`` (with the official invitation), ``mark_sent``,
``refuse``. Every look at passport data and every export is written to the audit log by
``record_access``. ``purge`` deletes passport data and invitations a set number of days
after the conference; ``drop_for_registration`` deletes them when the registration is
cancelled or erased.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from audit.services import record_destruction
from privacy import services as privacy_services
from privacy.models import Purpose
from registration.emails import compose_message
from registration.models import Registration
from visas.models import DEFAULT_PURGE_DAYS, VisaAuditEntry, VisaRequest, VisaSettings

logger = logging.getLogger(__name__)

Status = VisaRequest.Status

# As the passport prints them; the attendee's form, the admin and the purge all use this list.
PERSONAL_FIELDS = [
    "surname",
    "given_names",
    "sex",
    "birth_date",
    "birth_place",
    "citizenship",
    "passport_number",
    "passport_issued_on",
    "passport_expires_on",
    "apply_city",
    "arrival",
    "departure",
    "employer",
    "position",
]
EDITABLE_FIELDS = PERSONAL_FIELDS
# The encrypted ones: deferred wherever the page does not show them, so a wrong or missing
# key (visas.fields.UnreadableVisaData) stops only the pages that need passport data.
ENCRYPTED_FIELDS = [
    field for field in PERSONAL_FIELDS if field not in {"citizenship", "arrival", "departure"}
]

# Which status each step may start from.
_FROM = {
    Status.SUBMITTED: {Status.REQUESTED},
    Status.ISSUED: {Status.REQUESTED, Status.SUBMITTED},
    Status.SENT: {Status.ISSUED},
    Status.REFUSED: {Status.REQUESTED, Status.SUBMITTED},
}


class VisaError(Exception):
    """A rule stops the change; the message is fit to show to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- what the attendee sees ------------------------------------------------------------------
def settings_for(conference):
    """The conference's visa settings, or unsaved defaults."""
    try:
        return conference.visa_settings
    except VisaSettings.DoesNotExist:
        return VisaSettings(conference=conference)


def may_request(registration):
    """Who may ask for visa support: confirmed in-person attendees."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and registration.is_in_person
        and registration.erased_at is None
    )


def deadline_of(conference):
    """Until when requests are taken: the organisers' deadline, else the conference start."""
    return settings_for(conference).deadline or conference.starts_at


def deadline_display(conference):
    """The deadline as the conference's venue reads it, its zone named: '20 May 2022,
    18:00, <city> time (UTC+7)': the city the zone is named after, in the active language."""
    from events import timezones

    local = deadline_of(conference).astimezone(conference.zone)
    return _("%(moment)s, %(city)s time (%(offset)s)") % {
        "moment": date_format(local, "LONG_DATETIME_FORMAT"),
        "city": timezones.zone_label(conference.time_zone),
        "offset": timezones.utc_offset_label(local),
    }


def deadline_passed(conference, now=None):
    return (now or timezone.now()) >= deadline_of(conference)


def contact_email(conference):
    return settings_for(conference).contact_email or conference.contact_email


def request_of(registration, *, personal=False):
    """The registration's visa request or None; its passport data only with `personal`."""
    requests = VisaRequest.objects.filter(registration=registration)
    if not personal:
        requests = requests.defer(*ENCRYPTED_FIELDS)
    return requests.first()


def can_edit(registration, visa_request=None, now=None):
    """The attendee may fill or change the form: allowed, before the deadline, and the
    request (if any) still only "requested"."""
    if not may_request(registration) or deadline_passed(registration.conference, now):
        return False
    return visa_request is None or visa_request.status == Status.REQUESTED


@transaction.atomic
def save_request(*, registration, data, now=None, client=None, language=None):
    """Makes the attendee's visa request or saves their changes to it, with their consent
    to the processing of passport data (recorded by privacy, `client` being the client
    address and `language` the page's)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not may_request(registration):
        raise VisaError(_("Visa support is for confirmed in-person attendees."))
    if deadline_passed(registration.conference, now):
        raise VisaError(
            _("The deadline for visa requests has passed. Please write to %(email)s.")
            % {"email": contact_email(registration.conference)}
        )
    visa_request = VisaRequest.objects.select_for_update().filter(registration=registration)
    visa_request = visa_request.first()
    if visa_request is None:
        visa_request = VisaRequest(registration=registration)
    elif visa_request.status != Status.REQUESTED:
        raise VisaError(
            _("Your request is already with the authorities and can no longer be changed.")
        )
    for field in EDITABLE_FIELDS:
        setattr(visa_request, field, data[field])
    visa_request.full_clean(exclude=["registration"])
    try:
        with transaction.atomic():
            visa_request.save()
    except IntegrityError:  # made at the same moment by another request from this person
        raise VisaError(_("Your request was just saved from elsewhere; please reload.")) from None
    privacy_services.give(
        registration=registration,
        purpose=Purpose.VISA,
        client=client,
        language=language,
        now=now,
    )
    return visa_request


# --- what visa officers do -----------------------------------------------------------------
def _step(visa_request, to, user, now):
    visa_request = VisaRequest.objects.select_for_update().get(pk=visa_request.pk)
    if visa_request.status not in _FROM[to]:
        raise VisaError(
            _("A request that is “%(status)s” cannot become “%(to)s”.")
            % {"status": visa_request.get_status_display(), "to": Status(to).label}
        )
    if visa_request.purged_at is not None:
        raise VisaError(_("This request's data has been deleted."))
    visa_request.status = to
    visa_request.status_changed_by = user
    return visa_request


def _log_step(visa_request, user, now, detail):
    _record(
        user=user,
        action=VisaAuditEntry.Action.CHANGED_STATUS,
        ids=[visa_request.pk],
        now=now,
        detail=detail,
    )


@transaction.atomic
def mark_submitted(*, visa_request, user, now=None):
    now = now or timezone.now()
    visa_request = _step(visa_request, Status.SUBMITTED, user, now)
    visa_request.submitted_at = now
    visa_request.save()
    _log_step(visa_request, user, now, Status.SUBMITTED)
    return visa_request


@transaction.atomic
def mark_issued(*, visa_request, user, invitation, now=None):
    """The official invitation is issued: its PDF is stored privately and the attendee is
    told by email (after the commit) that it is on their manage page."""
    now = now or timezone.now()
    visa_request = _step(visa_request, Status.ISSUED, user, now)
    validate_invitation(invitation)
    invitation.seek(0)
    old_name = visa_request.invitation.name if visa_request.invitation else ""
    visa_request.invitation.save("invitation.pdf", ContentFile(invitation.read()), save=False)
    visa_request.issued_at = now
    visa_request.save()
    if old_name and old_name != visa_request.invitation.name:
        _delete_file_after_commit(old_name)
    _log_step(visa_request, user, now, Status.ISSUED)
    _mail_after_commit(visa_request.pk, "visas/emails/invitation_ready")
    return visa_request


@transaction.atomic
def mark_sent(*, visa_request, user, now=None):
    now = now or timezone.now()
    visa_request = _step(visa_request, Status.SENT, user, now)
    visa_request.sent_at = now
    visa_request.save()
    _log_step(visa_request, user, now, Status.SENT)
    return visa_request


@transaction.atomic
def refuse(*, visa_request, user, reason, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise VisaError(_("Say why the request is refused."))
    now = now or timezone.now()
    visa_request = _step(visa_request, Status.REFUSED, user, now)
    visa_request.refused_at = now
    visa_request.refusal_reason = reason
    visa_request.save()
    _log_step(visa_request, user, now, Status.REFUSED)
    return visa_request


STEPS = {
    Status.SUBMITTED: mark_submitted,
    Status.SENT: mark_sent,
}

PDF_MAGIC = b"%PDF-"


def validate_invitation(upload):
    """A PDF (by its content, not only its name) no larger than the limit."""
    limit = settings.VISA_INVITATION_MAX_BYTES
    if upload is None:
        raise VisaError(_("Attach the official invitation (PDF)."))
    if upload.size > limit:
        raise VisaError(
            _("The file is larger than %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not str(upload.name).lower().endswith(".pdf") or not head.startswith(PDF_MAGIC):
        raise VisaError(_("The invitation must be a PDF file."))


# --- the audit log -------------------------------------------------------------------------
def _record(*, user, action, ids, now=None, detail=""):
    return VisaAuditEntry.objects.create(
        at=now or timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        action=action,
        request_ids=sorted(ids),
        detail=str(detail)[:300],
    )


def _record_in_audit(*, user, action, requests):
    """The site-wide record (audit): a read of one request is a read of that person's data;
    a list or an export, how many."""
    kind = audit.Action.EXPORT if action.startswith("exported") else audit.Action.VISA_READ
    one = requests[0] if len(requests) == 1 and hasattr(requests[0], "pk") else None
    audit.record(
        action=kind,
        user=user,
        registration=one.registration if one is not None else None,
        subject="" if one is not None else "visas.visarequest",
        detail=f"visa: {action}",
        count=len(requests),
    )


@transaction.atomic
def record_access(*, user, action, requests, now=None, detail=""):
    """Writes who looked at or exported which requests, and when."""
    requests = list(requests)
    ids = [each.pk if hasattr(each, "pk") else int(each) for each in requests]
    _record_in_audit(user=user, action=action, requests=requests)
    return _record(user=user, action=action, ids=ids, now=now, detail=detail)


# Reads are recorded by what the response reveals, not by the method: a page that shows
# passport data answers these methods (each recorded, HEAD as GET) and refuses the rest.
READ_METHODS = ("GET", "HEAD")


def record_read(*, request, action, requests):
    """Records a read of passport data made by `request` (its user, if any; its method)."""
    return record_access(user=request.user, action=action, requests=requests, detail=request.method)


# --- deleting ---------------------------------------------------------------------------
def _delete_file_after_commit(name):
    from visas.models import private_storage

    transaction.on_commit(lambda: private_storage().delete(name))


DATE_FIELDS = {"birth_date", "passport_issued_on", "passport_expires_on", "arrival", "departure"}


def _erase(visa_request, now):
    if visa_request.invitation:
        _delete_file_after_commit(visa_request.invitation.name)
    for field in PERSONAL_FIELDS:
        setattr(visa_request, field, None if field in DATE_FIELDS else "")
    visa_request.invitation = ""
    visa_request.purged_at = now


# Categories of the destruction record (audit): what was destroyed, never whose.
PASSPORT_DATA = "visa requests with passport data"
INVITATION_FILES = "official invitation files"
PURGE_RULE = "retention: visa data deleted the set number of days after the conference"


@transaction.atomic
def purge(*, now=None):
    """Deletes passport data and invitation files of requests whose conference ended more
    than its purge days ago (VisaSettings.purge_after_days). The rows stay, empty, so the
    counts per status remain. Returns how many were purged."""
    now = now or timezone.now()
    purged = 0
    per_conference = {}
    candidates = (
        VisaRequest.objects.select_for_update(of=("self",))
        .defer(*ENCRYPTED_FIELDS)  # emptied unread: the purge works whatever the keys
        .filter(purged_at__isnull=True, registration__conference__ends_at__lt=now)
        .select_related("registration__conference__visa_settings")
    )
    for visa_request in candidates:
        conference = visa_request.registration.conference
        days = getattr(
            getattr(conference, "visa_settings", None), "purge_after_days", DEFAULT_PURGE_DAYS
        )
        if now < conference.ends_at + dt.timedelta(days=days):
            continue
        counts = per_conference.setdefault(conference, {PASSPORT_DATA: 0, INVITATION_FILES: 0})
        counts[PASSPORT_DATA] += 1
        counts[INVITATION_FILES] += bool(visa_request.invitation)
        _erase(visa_request, now)
        visa_request.save()
        purged += 1
    for conference, counts in per_conference.items():
        record_destruction(rule=PURGE_RULE, categories=counts, conference=conference)
    return purged


@transaction.atomic
def drop_for_registration(*, registration):
    """The registration is cancelled or erased: its visa request and invitation go with it.
    Returns {category: count} of what was destroyed (for the destruction record)."""
    counts = {}
    requests = VisaRequest.objects.select_for_update().defer(*ENCRYPTED_FIELDS)
    for visa_request in requests.filter(registration=registration):
        if visa_request.invitation:
            _delete_file_after_commit(visa_request.invitation.name)
            counts[INVITATION_FILES] = counts.get(INVITATION_FILES, 0) + 1
        if visa_request.purged_at is None:
            counts[PASSPORT_DATA] = counts.get(PASSPORT_DATA, 0) + 1
        visa_request.delete()
    return counts


@transaction.atomic
def reencrypt(*, batch_size=500):
    """Saves every request again, so its fields are encrypted with the first key of
    VISA_ENCRYPTION_KEYS (after a rotation). Returns how many were written."""
    count = 0
    for visa_request in VisaRequest.objects.select_for_update().iterator(chunk_size=batch_size):
        visa_request.save(update_fields=[f for f in PERSONAL_FIELDS if f != "citizenship"])
        count += 1
    return count


# --- mail ----------------------------------------------------------------------------
def _mail_after_commit(visa_request_id, template):
    def send():
        current = (
            VisaRequest.objects.select_related("registration__conference")
            .filter(pk=visa_request_id)
            .first()
        )
        if current is None or current.registration.erased_at is not None:
            return
        try:
            compose_message(current.registration, template, {"visa_request": current}).send()
        except Exception:
            # The status change stands; the organisers see the failure in the log.
            logger.exception("Visa mail for request %s could not be queued", visa_request_id)

    transaction.on_commit(send)

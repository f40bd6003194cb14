"""The rules of the documents app: who gets a registration letter and a certificate, what a
verification code proves, the organisers' word on a certificate, badge roles and print runs.

Each function that changes something is one transaction; views and admin actions call these.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attending.models import CheckIn, SessionJoin
from audit.services import record_destruction
from documents.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_MIN_SESSIONS_JOINED,
    Badge,
    CertificateDecision,
    CertificateRule,
    Kind,
    VerificationCode,
    normalise_code,
)
from jobs import services as jobs
from registration.models import Registration


class DocumentError(Exception):
    """A request the rules refuse; `message` says why, for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- names ---------------------------------------------------------------------------------
def printed_name(registration):
    """The name as the person's documents print it: in their own language, by the one rule
    of registration/names.py (王小明; Иван Петрович Петров; Jane Doe)."""
    return registration.display_name(registration.mail_language)


# --- verification codes -------------------------------------------------------------------
def code_for(*, registration, kind):
    """The verification code of one document of a registration, made the first time. The
    unique (registration, kind) pair makes two requests at once agree on one code."""
    found = VerificationCode.objects.filter(registration=registration, kind=kind).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return VerificationCode.objects.create(registration=registration, kind=kind)
    except IntegrityError:  # made at the same moment by another request
        return VerificationCode.objects.get(registration=registration, kind=kind)


def looks_like_code(value):
    code = normalise_code(value)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say about a code: whether the document stands
    and, only when it does, the name, conference, dates, mode and kind."""

    valid: bool
    kind: str
    kind_label: str
    name: str = ""
    conference: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    mode: str = ""


def verify(code, *, now=None):
    """The Verification of a typed code, or None when no document has it."""
    if not looks_like_code(code):
        return None
    found = (
        VerificationCode.objects.select_related("registration__conference")
        .filter(code=normalise_code(code))
        .first()
    )
    if found is None:
        return None
    registration = found.registration
    kind_label = Kind(found.kind).label
    if found.kind == Kind.LETTER:
        valid = letter_refusal(registration) is None
    else:
        valid = certificate_standing(registration, now=now).eligible
    if not valid:
        return Verification(valid=False, kind=found.kind, kind_label=kind_label)
    conference = registration.conference
    return Verification(
        valid=True,
        kind=found.kind,
        kind_label=kind_label,
        name=printed_name(registration),
        conference=conference.title,
        starts_on=timezone.localtime(conference.starts_at, conference.zone).date(),
        ends_on=timezone.localtime(conference.ends_at, conference.zone).date(),
        mode=registration.get_attendance_mode_display(),
    )


# --- the registration letter --------------------------------------------------------------
def letter_refusal(registration):
    """Why a registration has no letter now (a message), or None when it has one: every
    confirmed registration, in person or online, whose data is not erased."""
    if registration.erased_at is not None or registration.status != Registration.Status.CONFIRMED:
        return _("The letter confirming your registration is ready once your place is confirmed.")
    return None


# --- certificates -------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """Whether a registration has a certificate of attendance now, and if not, why."""

    eligible: bool
    reason: str = ""
    by_hand: bool = False


def min_sessions_joined(conference):
    rule = CertificateRule.objects.filter(conference=conference).first()
    return rule.min_sessions_joined if rule is not None else DEFAULT_MIN_SESSIONS_JOINED


def certificate_standing(registration, *, now=None):
    """Certificates are for confirmed registrations once the conference has ended: an
    in-person attendee who was checked in at the desk on any day, or anyone who joined at
    least the conference's number of sessions online. The organisers' decision, when there
    is one, overrides both."""
    now = now or timezone.now()
    conference = registration.conference
    if registration.erased_at is not None or registration.status != Registration.Status.CONFIRMED:
        return Standing(False, _("Certificates are for confirmed participants."))
    if conference.ends_at > now:
        ends = timezone.localtime(conference.ends_at, conference.zone)
        return Standing(
            False,
            _("Your certificate of attendance is ready here after the conference ends (%(date)s).")
            % {"date": formats.date_format(ends.date(), "LONG_DATE_FORMAT")},
        )
    decision = CertificateDecision.objects.filter(registration=registration).first()
    if decision is not None and decision.decision == CertificateDecision.Decision.WITHHELD:
        return Standing(
            False,
            _(
                "The organisers have not issued you a certificate. If you think this is a "
                "mistake, write to %(email)s."
            )
            % {"email": conference.contact_email},
        )
    if decision is not None:
        return Standing(True, by_hand=True)
    if CheckIn.objects.filter(ticket__registration=registration).exists():
        return Standing(True)
    needed = min_sessions_joined(conference)
    joined = SessionJoin.objects.sessions_joined(registration)
    if joined >= needed:
        return Standing(True)
    if registration.is_in_person and not joined:
        return Standing(
            False,
            _(
                "We have no record of your arrival at the registration desk. If you attended, "
                "write to %(email)s."
            )
            % {"email": conference.contact_email},
        )
    return Standing(
        False,
        ngettext(
            "A certificate needs at least %(needed)d session joined online through your "
            "personal links; we recorded %(joined)d.",
            "A certificate needs at least %(needed)d sessions joined online through your "
            "personal links; we recorded %(joined)d.",
            needed,
        )
        % {"needed": needed, "joined": joined},
    )


def decide_certificate(*, registration, decision, reason, by=None):
    """Records the organisers' decision (issue or withhold) on one certificate, replacing
    an earlier one; the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Say why the certificate is issued or withheld."))
    if decision not in CertificateDecision.Decision.values:
        raise DocumentError(_("Choose to issue or to withhold the certificate."))
    with transaction.atomic():
        record, _created = CertificateDecision.objects.update_or_create(
            registration=registration,
            defaults={
                "decision": decision,
                "reason": reason,
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
    return record


def set_certificate_rule(*, conference, min_sessions_joined):
    if min_sessions_joined < 1:
        raise DocumentError(_("At least one session: a certificate needs some."))
    with transaction.atomic():
        rule, _created = CertificateRule.objects.update_or_create(
            conference=conference, defaults={"min_sessions_joined": min_sessions_joined}
        )
    return rule


# --- badges -------------------------------------------------------------------------------
def set_badge_role(*, registration, role):
    if role not in Badge.Role.values:
        raise DocumentError(_("Choose participant, speaker or organiser."))
    with transaction.atomic():
        badge, _created = Badge.objects.update_or_create(
            registration=registration, defaults={"role": role}
        )
    return badge


def badge_holders(conference):
    """Who gets a badge: the conference's confirmed in-person attendees, in name order."""
    return (
        Registration.objects.holding_place(Registration.AttendanceMode.IN_PERSON)
        .filter(conference=conference, erased_at__isnull=True)
        .order_by("family_name", "given_name", "id")
    )


BADGES_JOB = "documents.badges"

# Every print run, a handful of chosen badges or a whole conference's, is made by the task
# worker (documents/badges.py): a PDF is never rendered in an admin request.


def start_badge_batch(*, conference, layout, registration_ids=None, by=None):
    """Starts a print run of the chosen registrations' badges (every badge holder of the
    conference when none are chosen) as a background job (documents/badges.py), handed to
    the task worker after the commit. Returns the job."""
    holders = badge_holders(conference)
    ids = sorted(set(registration_ids or []))
    if ids:
        holders = holders.filter(pk__in=ids)
    total = holders.count()
    if not total:
        raise DocumentError(
            _("No confirmed in-person attendee of %(conference)s is in this selection.")
            % {"conference": conference}
        )
    return jobs.start(
        BADGES_JOB,
        conference=conference,
        user=by,
        params={
            "layout": str(layout),
            "ids": list(holders.values_list("pk", flat=True)) if ids else [],
        },
        total=total,
    )


BADGE_RUN_RETENTION = dt.timedelta(days=30)


def purge_badge_runs(*, now=None):
    """Deletes badge print runs (their PDFs full of names) 30 days after they were made, as
    the privacy notice promises. Returns how many. Run daily (`manage.py purge_badge_runs`)."""
    deleted = jobs.purge(
        kind_names=[BADGES_JOB], days=BADGE_RUN_RETENTION.days, now=now or timezone.now()
    )
    record_destruction(
        rule="retention: badge print runs after 30 days",
        categories={"badge print runs (PDF files with names)": deleted},
    )
    return deleted

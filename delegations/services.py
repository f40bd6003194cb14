"""Business rules of delegations, each a plain function and one transaction.

How a delegation goes:

1. ``submit``: the contact sends the form. The delegation and its people are stored as
   typed, in one transaction (all rows or none), and the contact is asked by email to
   confirm their own address. Nobody else is written to yet, so the form cannot be used to
   send mail to strangers from an unconfirmed address.
2. ``confirm_contact``: the contact follows the link. Their address is marked confirmed and
   a background job is started (a fixed number of queries, however many people). The job
   (``register_waiting``, run by the task worker: delegations/runners.py) gives each person
   the ordinary registration (``registration.services.register``) in their own language,
   one person per transaction, with its own confirmation mail and manage link; each row
   records its result: registered, already registered on their own (that registration stays
   theirs and is not joined to the delegation; register mails them their link again, as it
   does on the single form), or not registered with the reason (registration closed when the
   contact confirmed, a mode no longer offered). Then the contact gets a summary mail with
   the link to their page.
3. Each person confirms their own address from their own mailbox: their place (seat,
   waiting list, the organisers' decision) is decided then by
   ``registration.services.confirm_email``, under the conference lock, exactly as for a
   single registration.
4. ``add_member``: the confirmed contact adds someone later while registration is open.

Mails go out after the commit.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import record_destruction
from delegations.emails import send_after_commit
from delegations.models import MAX_MEMBERS, Delegation, Member
from jobs import services as jobs
from outbox.addresses import normalise_address
from outbox.services import take_allowance
from registration import names
from registration import services as registration_services
from registration.emails import MailCap

Outcome = Member.Outcome
MEMBER_FIELDS = [
    "given_name",
    "family_name",
    "patronymic",
    "email",
    "institution",
    "attendance_mode",
]


class DelegationError(registration_services.RegistrationError):
    """A rule stops the change; the message is fit to show to the contact."""


def _offered_language(code):
    return registration_services.offered_language(code or settings.LANGUAGE_CODE)


def _check_open(conference, now):
    if registration_services.registration_window(conference, now) != registration_services.OPEN:
        raise registration_services.RegistrationClosed(_("Registration is not open."))


def _new_member(delegation, data):
    member = Member(
        delegation=delegation,
        given_name=names.clean_name(data["given_name"]),
        family_name=names.clean_name(data["family_name"]),
        patronymic=names.clean_name(data.get("patronymic", "")),
        email=_address(data["email"]),
        institution=data.get("institution") or delegation.contact_institution,
        attendance_mode=data["attendance_mode"],
        language=_offered_language(data.get("language") or delegation.language),
    )
    _validated(member, exclude=["delegation", "registration"])
    return member


def _address(value):
    """The address in its one form (outbox.addresses.normalise_address); a message fit for
    the contact when it cannot be one (a form already refused it)."""
    try:
        return normalise_address(value)
    except ValidationError as error:
        raise DelegationError(" ".join(error.messages)) from None


def _validated(instance, *, exclude):
    """Field rules and clean(); the database constraints answer at save. A message fit for
    the contact when something does not pass (a form already checked it all)."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        raise DelegationError(" ".join(error.messages)) from None


def _check_modes(conference, members):
    modes = registration_services.available_modes(conference)
    if any(member.attendance_mode not in modes for member in members):
        raise registration_services.NotAllowed(
            _("This conference does not offer that way of taking part.")
        )


def member_mail_cap():
    """Mails a person gets because someone entered them in a delegation, whoever did and in
    however many delegations: DELEGATION_MAILS_PER_ADDRESS_PER_DAY a day at most."""
    return MailCap(
        kind="delegation",
        limit=settings.DELEGATION_MAILS_PER_ADDRESS_PER_DAY,
        period=dt.timedelta(days=1),
    )


def take_people_allowance(*, client, count, now=None):
    """Counts `count` people entered in delegations (created or added) from one client
    address, if they fit in DELEGATION_PEOPLE_PER_HOUR; False (nothing counted) if not.
    Each person entered is a mail to someone else, so the cap is on people, not forms."""
    return take_allowance(
        kind="delegation-people",
        address=client,
        limit=settings.DELEGATION_PEOPLE_PER_HOUR,
        now=now,
        count=count,
    )


def _register(member, now):
    """Gives one person the ordinary registration; records the result on the row."""
    delegation = member.delegation
    data = {
        "attendance_mode": member.attendance_mode,
        "given_name": member.given_name,
        "family_name": member.family_name,
        "patronymic": member.patronymic,
        "email": member.email,
        "institution": member.institution,
        "country": delegation.country,
    }
    try:
        with transaction.atomic():
            result = registration_services.register(
                conference=delegation.conference,
                data=data,
                language=member.language,
                now=now,
                mail_cap=member_mail_cap(),
            )
    except registration_services.RegistrationError as error:
        member.outcome = Outcome.NOT_REGISTERED
        member.reason = str(error.message)
    except ValidationError as error:
        member.outcome = Outcome.NOT_REGISTERED
        member.reason = " ".join(error.messages)[:300]
    else:
        if result.created:
            member.outcome = Outcome.REGISTERED
            member.registration = result.registration
        else:
            member.outcome = Outcome.ALREADY_REGISTERED
    member.save()


@transaction.atomic
def submit(*, conference, contact, members, language=None, now=None):
    """Stores the delegation as the contact typed it and mails them the confirmation link.

    `contact`: contact_name, contact_email, contact_institution, contact_role, country.
    `members`: one dict per person (given_name, family_name, patronymic (optional), email,
    institution (blank: the contact's), attendance_mode, language (blank: the
    contact's)). All are stored or none."""
    now = now or timezone.now()
    _check_open(conference, now)
    if not members:
        raise DelegationError(_("Enter at least one person."))
    if len(members) > MAX_MEMBERS:
        raise DelegationError(
            _("A delegation has at most %(count)d people.") % {"count": MAX_MEMBERS}
        )
    delegation = Delegation(
        conference=conference,
        contact_name=contact["contact_name"],
        contact_email=_address(contact["contact_email"]),
        contact_institution=contact["contact_institution"],
        contact_role=contact["contact_role"],
        country=contact["country"],
        language=_offered_language(language),
    )
    _validated(delegation, exclude=["conference"])
    rows = [_new_member(delegation, data) for data in members]
    emails = [row.email for row in rows]
    if len(set(emails)) != len(emails):
        raise DelegationError(_("The same address is entered twice."))
    _check_modes(conference, rows)
    delegation.save()
    for row in rows:
        row.delegation = delegation
    Member.objects.bulk_create(rows)
    send_after_commit(delegation, "confirm_contact")
    return delegation


def _lock(delegation):
    return (
        Delegation.objects.select_for_update(of=("self",))
        .select_related("conference")
        .get(pk=delegation.pk)
    )


REGISTER_JOB = "delegations.register_members"


@transaction.atomic
def confirm_contact(*, delegation, now=None):
    """The contact followed the link: their address is theirs. Every person waiting for it
    gets their own registration from a background job started here, after the commit (see
    the module's docstring); the request's queries do not grow with the people. Again:
    nothing changes."""
    now = now or timezone.now()
    delegation = _lock(delegation)
    if delegation.is_confirmed:
        return delegation
    delegation.email_confirmed_at = now
    delegation.save(update_fields=["email_confirmed_at"])
    waiting = delegation.members.filter(outcome=Outcome.WAITING_FOR_CONTACT).count()
    jobs.start(
        REGISTER_JOB,
        conference=delegation.conference_id,
        user=None,
        params={"delegation": delegation.pk, "at": now.isoformat()},
        total=waiting,
    )
    return delegation


def register_waiting(*, delegation, now, report_progress=None):
    """The body of the confirmation's job: each person still waiting gets their registration
    as of ``now`` (the moment the contact confirmed), one person per transaction under the
    delegation's lock, so two runs at once register nobody twice. The contact's summary
    mail follows the last person. Returns how many were registered by this run."""
    ids = list(
        delegation.members.filter(outcome=Outcome.WAITING_FOR_CONTACT)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    if report_progress is not None:
        report_progress(0, len(ids))
    handled = 0
    for position, member_id in enumerate(ids, start=1):
        with transaction.atomic():
            locked = _lock(delegation)
            member = Member.objects.filter(
                pk=member_id, outcome=Outcome.WAITING_FOR_CONTACT
            ).first()
            if member is not None:
                member.delegation = locked
                _register(member, now)
                handled += 1
        if report_progress is not None:
            report_progress(position)
    if handled:
        with transaction.atomic():
            send_after_commit(_lock(delegation), "summary")
    return handled


@transaction.atomic
def add_member(*, delegation, data, now=None):
    """The confirmed contact adds one person while registration is open; they get their
    registration at once. Returns the new row (its outcome says what happened)."""
    now = now or timezone.now()
    delegation = _lock(delegation)
    if not delegation.is_confirmed:
        raise DelegationError(_("Please confirm your own address first."))
    _check_open(delegation.conference, now)
    if delegation.members.count() >= MAX_MEMBERS:
        raise DelegationError(
            _("A delegation has at most %(count)d people.") % {"count": MAX_MEMBERS}
        )
    member = _new_member(delegation, data)
    _check_modes(delegation.conference, [member])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise DelegationError(_("This address is already in the delegation.")) from None
    _register(member, now)
    return member


# Retention, as the privacy notice states it (run daily: manage.py purge_delegations).
UNCONFIRMED_DAYS = 30
AFTER_CONFERENCE_DAYS = 180


@transaction.atomic
def purge(*, now=None):
    """Deletes what the privacy notice says we no longer keep: delegations whose contact
    never confirmed their address (30 days), delegations of conferences that ended more
    than six months ago, and each person's row once their own registration is erased or
    was deleted unconfirmed (their data then leaves the contact's page too). Returns the
    numbers of (delegations, people) deleted."""
    now = now or timezone.now()
    unconfirmed_before = now - dt.timedelta(days=UNCONFIRMED_DAYS)
    gone_people, _by_model = Member.objects.filter(
        (
            models.Q(outcome=Outcome.REGISTERED)
            & (
                models.Q(registration__isnull=True)
                | models.Q(registration__erased_at__isnull=False)
            )
        )
        # Someone already registered on their own looks, on the contact's page, like a
        # person who never confirms: their row goes when such a person's would (an
        # unconfirmed registration is deleted after 30 days), so nothing tells them apart.
        | models.Q(
            outcome=Outcome.ALREADY_REGISTERED,
            created_at__lt=unconfirmed_before,
            delegation__email_confirmed_at__lt=unconfirmed_before,
        )
    ).delete()
    stale = Delegation.objects.filter(
        email_confirmed_at__isnull=True,
        created_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS),
    ) | Delegation.objects.filter(
        conference__ends_at__lt=now - dt.timedelta(days=AFTER_CONFERENCE_DAYS)
    )
    _total, by_model = Delegation.objects.filter(pk__in=stale.values("pk")).delete()
    delegations = by_model.get("delegations.Delegation", 0)
    people = by_model.get("delegations.Member", 0)
    # The confirmations' jobs name no one (a count and a delegation's id): kept a month.
    jobs.purge(kind_names=[REGISTER_JOB], days=UNCONFIRMED_DAYS, now=now)
    record_destruction(
        rule="retention: delegations unconfirmed for 30 days or 6 months after the conference; "
        "people whose registration is erased",
        categories={
            "delegations (contact person's details)": delegations,
            "people entered by a delegation": gone_people + people,
        },
    )
    return delegations, gone_people + people

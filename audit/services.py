"""Writing the record. Two doors, nothing else writes to the tables:

- ``record(...)``: one action or read (an admin page, an export, a visa read, a check-in, a
  message sent, a person's own download or erasure).
- ``record_destruction(...)``: one purge or erasure, with the counts per category.

Neither ever receives personal data: ``detail`` names fields or a filter, not their values;
a registration is recorded as its id.
"""

import ipaddress

from django.db.models import Model
from django.utils import timezone

from audit.models import AuditEntry, DestructionRecord
from events.spam import client_address as forwarded_client_address

Action = AuditEntry.Action

DETAIL_LENGTH = AuditEntry._meta.get_field("detail").max_length
ROLE_LENGTH = AuditEntry._meta.get_field("role").max_length


def client_address(request):
    """The client address as the rest of the site trusts it (TRUSTED_PROXY_COUNT hops of
    X-Forwarded-For), or None when that is not an IP address."""
    address = forwarded_client_address(request)
    for candidate in (address, request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def role_of(user):
    """A short name of what the account is: "superuser" or its groups, sorted."""
    if user is None or not user.is_authenticated:
        return ""
    cached = getattr(user, "_audit_role", None)
    if cached is not None:
        return cached
    names = sorted(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names.insert(0, "superuser")
    role = ", ".join(names)[:ROLE_LENGTH]
    user._audit_role = role
    return role


def _conference_label(conference):
    return conference.slug[:100] if conference is not None else ""


def record(
    *,
    action,
    request=None,
    user=None,
    conference=None,
    registration=None,
    subject="",
    detail="",
    count=None,
):
    """Writes one entry and returns it.

    ``request`` gives the account (unless ``user`` is given) and the client address.
    ``registration`` gives the subject ("registration", its id) and, unless ``conference``
    is given, the conference. ``subject`` is a type label such as "visas.visarequest", or a
    model instance (its label and id, and its conference when it has one).
    ``detail`` is at most 300 characters and never holds personal data.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    subject_type, subject_id = "", None
    if registration is not None:
        subject_type, subject_id = "registration", registration.pk
        if conference is None:
            conference = registration.conference
    elif isinstance(subject, Model):
        subject_type, subject_id = subject._meta.label_lower, subject.pk
        if conference is None and getattr(subject, "conference_id", None):
            conference = subject.conference
    elif subject:
        subject_type = str(subject)[:100]
    return AuditEntry.objects.create(
        at=timezone.now(),
        user=user,
        username=user.get_username() if user is not None else "",
        role=role_of(user),
        conference=conference,
        conference_label=_conference_label(conference),
        client_address=client_address(request) if request is not None else None,
        action=Action(action),
        subject_type=subject_type,
        subject_id=subject_id,
        detail=str(detail)[:DETAIL_LENGTH],
        count=count,
    )


def record_destruction(*, rule, categories, conference=None):
    """Writes that data of these categories (a dict of category -> how many) was destroyed
    under ``rule``. Categories with nothing destroyed are left out; nothing at all, no row."""
    counts = {str(name): int(number) for name, number in categories.items() if number}
    if not counts:
        return None
    return DestructionRecord.objects.create(
        at=timezone.now(),
        rule=str(rule)[:200],
        categories=counts,
        conference=conference,
        conference_label=_conference_label(conference),
    )

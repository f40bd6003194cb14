"""Writing the record. Two doors, nothing else writes to the tables:

- ``record(...)``: one action or read (an admin page, an export, a visa read, a check-in, a
  message sent, a person's own download or erasure).
- ``record_destruction(...)``: one purge or erasure, with the counts per category.

Neither ever receives personal data: ``detail`` names fields or a filter, not their values;
a registration is recorded as its id.
"""

import contextvars
import ipaddress

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string

from audit.models import AuditEntry, DestructionRecord
from events.models import Conference
from events.spam import client_address as forwarded_client_address

Action = AuditEntry.Action

# The request being answered, set by audit/middleware.py, so a service called without one
# still records the client address.
_current = contextvars.ContextVar("audit_current_request", default=None)

DETAIL_LENGTH = AuditEntry._meta.get_field("detail").max_length
ROLE_LENGTH = AuditEntry._meta.get_field("role").max_length


def client_address(request):
    """The client address as the rest of the site trusts it (X-Forwarded-For only from the
    TRUSTED_PROXIES), or None when that is not an IP address."""
    address = forwarded_client_address(request)
    for candidate in (address, request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def role_of(user, conference=None):
    """A short name of what the account is: "superuser", or its roles for the conference
    (settings.AUDIT_ROLES_FUNCTION, "teams.services.roles_of": the record names the roles
    without importing the app that defines them), or its groups when no function is set."""
    if user is None or not user.is_authenticated:
        return ""
    if user.is_superuser:
        return "superuser"
    function = getattr(settings, "AUDIT_ROLES_FUNCTION", "")
    if function:
        names = sorted(import_string(function)(user, conference))
    else:
        names = sorted(user.groups.values_list("name", flat=True))
    return ", ".join(names)[:ROLE_LENGTH]


def _conference_label(conference):
    return conference.slug[:100] if conference is not None else ""


def conference_of(obj):
    """The conference an object belongs to: itself, its conference, or its parent's (one
    step: a visa request's registration's conference). None when it has none."""
    if obj is None:
        return None
    if isinstance(obj, Conference):
        return obj
    fields = [field for field in obj._meta.concrete_fields if field.many_to_one]
    for field in fields:
        if field.related_model is Conference:
            return getattr(obj, field.name)
    for field in fields:
        parent_fields = field.related_model._meta.concrete_fields
        if any(each.many_to_one and each.related_model is Conference for each in parent_fields):
            parent = getattr(obj, field.name)
            return conference_of(parent) if parent is not None else None
    return None


def conference_of_rows(queryset, field="conference"):
    """The one conference of a queryset's rows, or None when they span several (one query)."""
    ids = list(queryset.order_by().values_list(field, flat=True).distinct()[:2])
    return Conference.objects.filter(pk=ids[0]).first() if len(ids) == 1 else None


def mark_recorded(request):
    request._audit_recorded = True


def was_recorded(request):
    return getattr(request, "_audit_recorded", False)


def current_request():
    """The request the middleware is answering, or None outside one."""
    return _current.get()


def set_current_request(request):
    """Makes ``request`` the current one; returns the token ``reset_current_request`` takes."""
    return _current.set(request)


def reset_current_request(token):
    _current.reset(token)


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

    ``request`` gives the account (unless ``user`` is given) and the client address; without
    it, the address of the request being served (if any) is taken.
    ``registration`` gives the subject ("registration.registration", its id) and, unless
    ``conference`` is given, the conference. ``subject`` is a type label such as
    "visas.visarequest", or a model instance (its label and id, and its conference when it
    has one).
    ``detail`` is at most 300 characters and never holds personal data.
    """
    subject_type, subject_id = "", None
    if registration is not None:
        subject_type, subject_id = registration._meta.label_lower, registration.pk
        if conference is None:
            conference = registration.conference
    elif isinstance(subject, Model):
        subject_type, subject_id = subject._meta.label_lower, subject.pk
        if conference is None:
            conference = conference_of(subject)
    elif subject:
        subject_type = str(subject)
    return write(
        action=action,
        request=request,
        user=user,
        conference=conference,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
        count=count,
    )


def write(*, action, request, user, conference, subject_type, subject_id, detail, count):
    """The insert itself; ``record`` is the door the rest of the site uses."""
    address_from = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    entry = AuditEntry.objects.create(
        at=timezone.now(),
        user=user,
        username=user.get_username() if user is not None else "",
        role=role_of(user, conference),
        conference=conference,
        conference_label=_conference_label(conference),
        client_address=client_address(address_from) if address_from is not None else None,
        action=Action(action),
        subject_type=str(subject_type)[:100],
        subject_id=subject_id,
        detail=str(detail)[:DETAIL_LENGTH],
        count=count,
    )
    if address_from is not None:
        mark_recorded(address_from)
    return entry


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

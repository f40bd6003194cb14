"""The dashboard's headline figures of one conference, above its charts: registered, in
person, online, seats left, visas pending. Two aggregate queries, whatever the number of
registrations (tests/dashboard/test_tiles.py holds that at two sizes).

- registered: active registrations (awaiting email confirmation, confirmed, waiting,
  awaiting a decision), as the charts count who is coming;
- in person, online: the active ones of each mode;
- seats left: the in-person capacity less the confirmed in-person registrations ("no
  limit" without a capacity; not shown for a conference held online only);
- visas pending: visa requests not yet settled (requested, submitted to the
  authorities, or issued but not yet sent to the person).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from registration.models import Registration
from registration.services import available_modes, capacity_of
from visas.models import VisaRequest

Mode = Registration.AttendanceMode
PENDING_VISAS = (
    VisaRequest.Status.REQUESTED,
    VisaRequest.Status.SUBMITTED,
    VisaRequest.Status.ISSUED,
)


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str  # formatted in the active language, or a word ("no limit")
    note: str = ""


def _figure(value):
    return number_format(value, force_grouping=True)


def registration_counts(conference):
    """Active registrations in all, per mode, and the confirmed in person: one query."""
    active = Q(status__in=Registration.ACTIVE_STATUSES)
    return Registration.objects.filter(conference=conference).aggregate(
        registered=Count("id", filter=active),
        in_person=Count("id", filter=active & Q(attendance_mode=Mode.IN_PERSON)),
        online=Count("id", filter=active & Q(attendance_mode=Mode.ONLINE)),
        seats_taken=Count(
            "id",
            filter=Q(attendance_mode=Mode.IN_PERSON, status=Registration.Status.CONFIRMED),
        ),
    )


def pending_visas(conference):
    return VisaRequest.objects.for_conference(conference).filter(status__in=PENDING_VISAS).count()


def seats_tile(conference, taken):
    label = _("Seats left")
    if Mode.IN_PERSON not in available_modes(conference):
        return Tile(key="seats-left", label=label, value="—", note=_("held online only"))
    capacity = capacity_of(conference, Mode.IN_PERSON)
    if capacity is None:
        return Tile(key="seats-left", label=label, value=_("no limit"))
    return Tile(
        key="seats-left",
        label=label,
        value=_figure(max(capacity - taken, 0)),
        note=_("of %(capacity)s") % {"capacity": _figure(capacity)},
    )


def headline_tiles(conference):
    counts = registration_counts(conference)
    return [
        Tile(
            key="registered",
            label=pgettext("dashboard figure", "Registered"),
            value=_figure(counts["registered"]),
        ),
        Tile(key="in-person", label=_("In person"), value=_figure(counts["in_person"])),
        Tile(key="online", label=_("Online"), value=_figure(counts["online"])),
        seats_tile(conference, counts["seats_taken"]),
        Tile(
            key="visas-pending",
            label=_("Visas pending"),
            value=_figure(pending_visas(conference)),
        ),
    ]

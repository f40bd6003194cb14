"""The "Join online" part of the attendee's manage page (registration/extensions.py): the
sessions a registration may join, with their options (the region's first), and the
recordings and slides it may see. Who may join what, and when, is in attending/joins.py."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from attending import joins
from attending.models import JoinOption
from events.models import Session
from events.regions import region_of_country


@dataclass
class SessionRow:
    session: Session
    starts_at: dt.datetime
    ends_at: dt.datetime
    mine: list = field(default_factory=list)  # options for the participant's region
    others: list = field(default_factory=list)  # every other option
    can_join: bool = False
    slides_url: str = ""
    slides_file: bool = False

    @property
    def options(self):
        return [*self.mine, *self.others]


def session_rows(registration):
    """The conference's sessions this registration may join or has material for, each
    with its join options (the region's first) and slides. Two queries."""
    formats = joins.joinable_formats(registration)
    materials = joins.sees_materials(registration)
    if not formats and not materials:
        return []
    conference = registration.conference
    zone = conference.zone
    region = region_of_country(registration.country)
    sessions = (
        Session.objects.filter(conference=conference, status=Session.Status.SCHEDULED)
        .filter(
            Q(format__in=formats, join_options__isnull=False)
            | ~Q(recording_url="")
            | Q(material__isnull=False)
        )
        .distinct()
        .select_related("material")
        .prefetch_related(
            Prefetch("join_options", queryset=JoinOption.objects.order_by("order", "id"))
        )
        .order_by("starts_at", "title")
    )
    rows = []
    for session in sessions:
        row = SessionRow(
            session=session,
            starts_at=session.starts_at.astimezone(zone),
            ends_at=session.ends_at.astimezone(zone),
        )
        if session.format in formats and not conference.is_cancelled:
            row.can_join = True
            for option in session.join_options.all():
                (row.mine if option.is_for(region) else row.others).append(option)
        material = getattr(session, "material", None)
        if materials and material is not None:
            row.slides_url = material.slides_url
            row.slides_file = bool(material.slides_file)
        if row.options or (
            materials and (session.recording_url or row.slides_url or row.slides_file)
        ):
            rows.append(row)
    return rows


def part_context(registration):
    """registration.extensions: the "Join online" part of the manage page."""
    rows = session_rows(registration)
    if not rows:
        return None
    return {
        "rows": rows,
        "token": joins.pass_for(registration).token,
        "region": region_of_country(registration.country),
        "region_label": region_of_country(registration.country).label,
        "conference": registration.conference,
        "opens_minutes": int(joins.OPENS_BEFORE.total_seconds() // 60),
    }

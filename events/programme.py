"""The programme: which sessions a page shows, in which order and zone, and how they change.

Views, feeds and the admin all read sessions through these functions, so the queries (and
their select_related / prefetch_related) are decided once, here.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from events import timezones
from events.models import Conference, DeletedSession, Room, Session, Speaker

# --- Queries --------------------------------------------------------------------------


def programme_sessions(conference):
    """Every session of a conference with its room, topic and speakers, in time order, as a
    list. Each shares the one `conference` instance instead of a copy of its row from a join
    (300 fewer model instances on a full programme)."""
    sessions = list(
        Session.objects.filter(conference=conference)
        .select_related("room", "topic")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .order_by("starts_at", "title")
    )
    for session in sessions:
        session.conference = conference
    return sessions


def schedule_sessions(conference):
    """Sessions with just what a list of times and links needs: one query, no speakers."""
    return (
        Session.objects.filter(conference=conference)
        .select_related("conference")
        .order_by("starts_at", "title")
    )


def session_for_page(*, conference_slug, session_slug):
    """One session with everything its page shows; raises Session.DoesNotExist."""
    return (
        Session.objects.select_related("conference", "room", "topic")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .get(conference__slug=conference_slug, slug=session_slug)
    )


def conference_speakers(conference):
    """Speakers of a conference, each with `conference_sessions`: theirs in this conference."""
    return (
        Speaker.objects.filter(sessions__conference=conference)
        .distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.filter(conference=conference)
                .select_related("conference")
                .order_by("starts_at", "title"),
                to_attr="conference_sessions",
            )
        )
    )


@dataclass(frozen=True)
class FeedState:
    """What a feed's ETag and Last-Modified are computed from (one query, see feed_state),
    including a digest of the rooms, topics and speakers the feed names."""

    conference_updated_at: datetime
    session_count: int
    sessions_updated_at: datetime | None
    sequence_total: int
    shown_digest: str = ""

    @property
    def last_modified(self):
        return max(filter(None, [self.conference_updated_at, self.sessions_updated_at]))

    @property
    def etag(self):
        # Weak: the body carries a fresh DTSTAMP, but its meaning is the same.
        stamp = self.last_modified.timestamp()
        return f'W/"{self.session_count}-{self.sequence_total}-{stamp:.6f}-{self.shown_digest}"'


def feed_state(conference_slug):
    """The programme feed's freshness for a conference, or None when there is none.

    One query: the conference's row with each session's sequence and change time and the
    room, topic and speaker names the feed shows (those change without touching a
    session's row, so they enter the ETag as a digest).
    """
    rows = (
        Conference.objects.filter(slug=conference_slug)
        .order_by("sessions__pk", "sessions__speakers__pk")
        .values_list(
            "updated_at",
            "sessions__pk",
            "sessions__updated_at",
            "sessions__calendar_sequence",
            "sessions__room__name",
            "sessions__topic__title",
            "sessions__speakers__pk",
            "sessions__speakers__name",
            "sessions__speakers__affiliation",
        )
    )
    conference_updated_at = None
    sessions = {}
    digest = hashlib.blake2b(digest_size=8)
    for updated_at, pk, session_updated_at, sequence, *shown in rows:
        conference_updated_at = updated_at
        if pk is None:
            continue
        sessions[pk] = (session_updated_at, sequence)
        digest.update(repr((pk, *shown)).encode())
    if conference_updated_at is None:
        return None
    return FeedState(
        conference_updated_at=conference_updated_at,
        session_count=len(sessions),
        sessions_updated_at=max((when for when, _ in sessions.values()), default=None),
        sequence_total=sum(sequence for _, sequence in sessions.values()),
        shown_digest=digest.hexdigest(),
    )


# --- The programme as a visitor sees it -----------------------------------------------


@dataclass
class ProgrammeEntry:
    session: Session
    starts_at: datetime  # in the chosen zone
    ends_at: datetime
    is_now: bool = False
    is_next: bool = False

    @property
    def ends_on_later_day(self):
        return self.ends_at.date() != self.starts_at.date()

    @property
    def is_cancelled(self):
        return self.session.status == Session.Status.CANCELLED


@dataclass
class ProgrammeDay:
    date: date
    entries: list[ProgrammeEntry] = field(default_factory=list)


@dataclass
class Programme:
    conference: Conference
    zone_name: str
    days: list[ProgrammeDay]
    is_running: bool
    now: list[ProgrammeEntry]
    next: list[ProgrammeEntry]

    @functools.cached_property
    def is_provisional(self):
        # Asked three times by the page (title, heading, notice): looked up once.
        return any(entry.session.is_provisional for day in self.days for entry in day.entries)

    @property
    def is_empty(self):
        return not self.days


def is_running(conference, now):
    return conference.starts_at <= now < conference.ends_at


def build_programme(*, conference, zone, sessions=None, now=None):
    """The programme in `zone`: days (grouped in that zone), and while the conference runs,
    the sessions on `now` and the ones starting next. Cancelled sessions are listed (marked)
    but are never "now" or "next".
    """
    now = now or timezone.now()
    sessions = list(programme_sessions(conference) if sessions is None else sessions)
    running = is_running(conference, now)
    entries = {
        session.pk: ProgrammeEntry(
            session=session,
            starts_at=session.starts_at.astimezone(zone),
            ends_at=session.ends_at.astimezone(zone),
        )
        for session in sessions
    }
    current, upcoming = [], []
    if running:
        scheduled = [s for s in sessions if s.status == Session.Status.SCHEDULED]
        current = [s for s in scheduled if s.starts_at <= now < s.ends_at]
        later = [s for s in scheduled if s.starts_at > now]
        if later:
            first_start = min(s.starts_at for s in later)
            upcoming = [s for s in later if s.starts_at == first_start]
    for session in current:
        entries[session.pk].is_now = True
    for session in upcoming:
        entries[session.pk].is_next = True
    days = [
        ProgrammeDay(date=day, entries=[entries[s.pk] for s in day_sessions])
        for day, day_sessions in timezones.group_by_day(sessions, zone)
    ]
    return Programme(
        conference=conference,
        zone_name=zone.key,
        days=days,
        is_running=running,
        now=[entries[s.pk] for s in current],
        next=[entries[s.pk] for s in upcoming],
    )


# --- The programme in the audience's regions ---------------------------------------


@dataclass
class RegionalRow:
    session: Session
    spans: list[timezones.RegionalSpan]

    @property
    def suits_all(self):
        return all(span.suits for span in self.spans)

    @property
    def unsuitable_regions(self):
        return [span.region for span in self.spans if not span.suits]


def regional_rows(sessions, conference=None):
    """Each session's local times where the conference's audience lives, marked outside
    08:00-22:00."""
    return [
        RegionalRow(session=s, spans=timezones.regional_spans(s.starts_at, s.ends_at, conference))
        for s in sessions
    ]


# --- Changes ------------------------------------------------------------------------


# What a calendar entry shows of a session that subscribed calendars must apply: the time,
# the STATUS (cancelled; provisional is TENTATIVE) and the LOCATION (format, room).
CALENDAR_FIELDS = ("starts_at", "ends_at", "status", "is_provisional", "format", "room_id")


@dataclass(frozen=True)
class SessionChange:
    """What a save changed in a session's calendar entry, for messages and notifications.

    `previous` holds the stored values of CALENDAR_FIELDS before the save (empty for a new
    session); `calendar_changed` says whether the SEQUENCE rose.
    """

    session: Session
    previous: dict = field(default_factory=dict)

    def _was(self, name):
        return self.previous.get(name)

    @property
    def previous_starts_at(self):
        return self._was("starts_at")

    @property
    def previous_ends_at(self):
        return self._was("ends_at")

    @property
    def previous_status(self):
        return self._was("status")

    @property
    def changed_fields(self):
        return frozenset(
            name for name in self.previous if self.previous[name] != getattr(self.session, name)
        )

    @property
    def moved(self):
        return bool({"starts_at", "ends_at"} & self.changed_fields)

    @property
    def status_changed(self):
        return "status" in self.changed_fields

    @property
    def cancelled(self):
        return self.status_changed and self.session.status == Session.Status.CANCELLED

    @property
    def reinstated(self):
        return self.status_changed and self.session.status == Session.Status.SCHEDULED

    @property
    def confirmed(self):
        return "is_provisional" in self.changed_fields and not self.session.is_provisional

    @property
    def changed(self):
        """The schedule changed: moved, cancelled or reinstated."""
        return self.moved or self.status_changed

    @property
    def calendar_changed(self):
        return bool(self.changed_fields)


@transaction.atomic
def save_session(*, session, room_renamed=False):
    """The one way a session is saved. When anything its calendar entry must apply changed
    (CALENDAR_FIELDS: start, end, status, provisional label, format, room; or, said by
    save_room, its room's name), raises its calendar SEQUENCE so subscribed calendars update
    the entry instead of adding a second one.

    Returns a SessionChange (moved / cancelled / reinstated / confirmed).
    """
    if session.pk is None:
        session.save()
        return SessionChange(session)
    stored = Session.objects.select_for_update().only(*CALENDAR_FIELDS).get(pk=session.pk)
    change = SessionChange(session, {name: getattr(stored, name) for name in CALENDAR_FIELDS})
    new_version = change.calendar_changed or room_renamed
    if new_version:
        session.calendar_sequence = F("calendar_sequence") + 1
    session.save()
    if new_version:
        session.refresh_from_db(fields=["calendar_sequence"])
    return change


def _title_columns():
    return [build_localized_fieldname("title", code) for code, _name in settings.LANGUAGES]


@transaction.atomic
def delete_sessions(*, sessions):
    """Deletes sessions. Each is remembered as a DeletedSession, which the feeds announce
    with STATUS:CANCELLED and a higher SEQUENCE for DeletedSession.KEEP_FOR after the
    conference has ended, so calendars that imported or subscribed to it drop the entry.
    Marks the conferences modified, so the feed's ETag and Last-Modified move on; and
    forgets deletions no feed announces any more."""
    conference_ids = {session.conference_id for session in sessions}
    tombstones = (
        DeletedSession(
            conference_id=session.conference_id,
            # The title in every language (events/translation.py), whichever is active.
            **{column: getattr(session, column) for column in _title_columns()},
            slug=session.slug,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            calendar_uid=session.calendar_uid,
            calendar_sequence=session.calendar_sequence + 1,
        )
        for session in sessions
    )
    # Two organisers deleting the same session at once: the first one's row stands.
    DeletedSession.objects.bulk_create(tombstones, ignore_conflicts=True)
    for session in sessions:
        session.delete()
    Conference.objects.filter(pk__in=conference_ids).update(updated_at=timezone.now())
    DeletedSession.objects.expired().delete()


@transaction.atomic
def save_room(*, room):
    """Saves a room; when it is renamed, every session in it goes through save_session so its
    calendar entry (LOCATION) updates."""
    # Renamed in any language (events/translation.py), whichever the admin is in.
    columns = [build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES]
    renamed = room.pk is not None and (
        Room.objects.filter(pk=room.pk).values_list(*columns).get()
        != tuple(getattr(room, column) for column in columns)
    )
    room.save()
    if renamed:
        for session in Session.objects.filter(room=room).select_for_update():
            save_session(session=session, room_renamed=True)


@transaction.atomic
def delete_rooms(*, rooms):
    """Deletes rooms; their sessions lose the room through save_session (a new LOCATION and
    SEQUENCE), not by the database quietly setting it to NULL."""
    for session in Session.objects.filter(room__in=rooms).select_for_update():
        session.room = None
        save_session(session=session)
    for room in rooms:
        room.delete()


def announced_deletions(conference):
    """The deleted sessions a conference's feeds still announce as cancelled."""
    return DeletedSession.objects.filter(conference=conference).still_announced()


def deleted_session_for_page(*, conference_slug, session_slug):
    """The latest deletion still announced under a session's address; raises
    DeletedSession.DoesNotExist."""
    return (
        DeletedSession.objects.still_announced()
        .select_related("conference")
        .filter(conference__slug=conference_slug, slug=session_slug)
        .latest("deleted_at")
    )


def conference_entries_changed(*, conference):
    """Every session's calendar entry changed with its conference (cancelled, postponed,
    moved online, another venue): raises all their SEQUENCEs at once. Called by
    events.services.save_conference, the one door for a conference's changes."""
    Session.objects.filter(conference=conference).update(
        calendar_sequence=F("calendar_sequence") + 1, updated_at=timezone.now()
    )


def cancel_session(*, session):
    """Marks a session cancelled (kept in feeds with STATUS:CANCELLED)."""
    session.status = Session.Status.CANCELLED
    return save_session(session=session)


def confirm_session(*, session):
    """Removes the provisional label: the feeds say CONFIRMED instead of TENTATIVE."""
    session.is_provisional = False
    return save_session(session=session)

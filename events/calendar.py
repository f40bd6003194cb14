"""iCalendar (RFC 5545) files for conferences, built with the icalendar library.

Calendar programs match an imported entry by UID and replace it when SEQUENCE rises, so
UIDs come from a UUID stored on the row (never from a slug or title that organisers may
edit) and SEQUENCE from a counter the services raise whenever the dates move.

Each file is written in the active language (the page's: /ru/.../calendar.ics is Russian):
SUMMARY and DESCRIPTION, the calendar's name and every fixed phrase below. UIDs and the
iCalendar values (STATUS, TRANSP) are the same in every language, so a person who switches
language updates their entries instead of duplicating them.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from events import ical_writer
from events.models import Conference, Session
from events.programme import announced_deletions

PRODID = "-//Conference site//EN"
UID_DOMAIN = "conference-site.tpu.ru"


def new_calendar(*, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid):
    # Building a VTIMEZONE from the zone database takes tens of milliseconds; the
    # result only changes with tzdata, i.e. with a deploy, so each process keeps it.
    return Timezone.from_tzid(tzid)


def finish_calendar(calendar):
    """Adds a VTIMEZONE for every zone the events use, then serialises (CRLF, folded)."""
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        try:
            calendar.subcomponents.insert(position, _vtimezone(tzid))
        except ValueError:  # not in the zone database: the times still carry their TZID
            continue
    return calendar.to_ical()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def conference_status(conference):
    """The iCalendar STATUS for a conference's state."""
    if conference.status == Conference.Status.CANCELLED:
        return "CANCELLED"
    if conference.status == Conference.Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def conference_description(conference):
    """Plain text for DESCRIPTION: summary, status note, page link."""
    parts = [conference.summary.strip()]
    if conference.status_note:
        parts.append(conference.status_note.strip())
    if conference.is_online_only:
        if conference.online_url:
            where = _("Online: %(url)s") % {"url": conference.online_url}
        else:
            where = _("Online.")
        parts.append(where)
    elif conference.is_hybrid:
        city = conference.venue_city or _("the venue")
        parts.append(_("Hybrid: in person in %(city)s and online.") % {"city": city})
    else:
        city = conference.venue_city or _("the venue")
        parts.append(_("In person in %(city)s.") % {"city": city})
    parts.append(_("Details: %(url)s") % {"url": absolute_url(conference.get_absolute_url())})
    return "\n\n".join(part for part in parts if part)


def conference_location(conference):
    """LOCATION: the venue, or where to join once the conference is online only."""
    if conference.is_online_only:
        return conference.online_url or _("Online")
    return conference.venue_label


def conference_organizer(conference):
    """ORGANIZER: the host's name with the conference's contact address."""
    hosts = conference.host_roles
    host = hosts[0].organisation if hosts else None
    organizer = vCalAddress(f"mailto:{conference.contact_email}")
    organizer.params["cn"] = vText(host.name if host else conference.title)
    return organizer


def conference_event(conference, *, extra_description=""):
    """One VEVENT for the whole conference, in the conference's own time zone."""
    zone = conference.zone
    event = Event()
    event.add("uid", f"conference-{conference.calendar_uid}@{UID_DOMAIN}")
    event.add("sequence", conference.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", conference.updated_at)
    event.add("created", conference.created_at)
    event.add("dtstart", conference.starts_at.astimezone(zone))
    event.add("dtend", conference.ends_at.astimezone(zone))
    event.add("summary", conference.title)
    description = conference_description(conference)
    if extra_description:
        description = f"{description}\n\n{extra_description}"
    event.add("description", description)
    event.add("url", absolute_url(conference.get_absolute_url()))
    location = conference_location(conference)
    if location:
        event.add("location", location)
    event.add("status", conference_status(conference))
    event.add("organizer", conference_organizer(conference))
    event.add("transp", "OPAQUE")
    return event


def conference_calendar(conference):
    """The .ics bytes of one conference's entry."""
    calendar = new_calendar(name=conference.title)
    calendar.add_component(conference_event(conference))
    return finish_calendar(calendar)


def language_etag(etag, language):
    """A weak ETag `W/"..."` made particular to one language's file: the same sessions say
    other words in another language, and a cache must never answer one with the other."""
    return f'{etag[:-1]}-{language}"'


def calendar_response(ics_bytes, *, filename):
    """Serves .ics bytes as a download calendar programs recognise."""
    response = HttpResponse(ics_bytes, content_type="text/calendar; charset=utf-8")
    safe_name = slugify(filename) or "calendar"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
    return response


# --- Sessions: the programme feed, one session's file, an attendee's calendar ---------


# Facts every row of a feed repeats, kept per process: each is a pure function of its key,
# so nothing here can go stale (a renamed venue or slug is a new key).
_MEMO = {}
_MEMO_SIZE = 4096


def _memo(key, compute):
    try:
        return _MEMO[key]
    except KeyError:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        value = _MEMO[key] = compute()
        return value


def _session_url(session):
    """absolute_url(session.get_absolute_url()), without a URL reversal per row."""
    key = (
        "url",
        settings.SITE_URL,
        get_script_prefix(),
        get_urlconf(),
        translation.get_language(),
        session.conference.slug,
        session.slug,
    )
    return _memo(key, lambda: absolute_url(session.get_absolute_url()))


def _venue_label(conference):
    """conference.venue_label, without a country-name lookup per row."""
    key = (
        "venue",
        conference.venue_name,
        conference.venue_city,
        str(conference.venue_country),
        translation.get_language(),
    )
    return _memo(key, lambda: conference.venue_label)


def _display(choices, value):
    """What `get_FOO_display()` says, without building the field's choices dict per row."""
    return _label(choices, value, translation.get_language())


@functools.lru_cache(maxsize=256)
def _label(choices, value, language):
    return str(dict(choices.choices).get(value, value))


def session_status(session):
    """CANCELLED stays in feeds so subscribed calendars remove the entry; a session follows
    its conference when that is cancelled or postponed."""
    conference = session.conference
    if session.status == Session.Status.CANCELLED or conference.is_cancelled:
        return "CANCELLED"
    if session.is_provisional or conference.is_postponed:
        return "TENTATIVE"
    return "CONFIRMED"


def session_location(session):
    conference = session.conference
    if session.format == Session.Format.ONLINE or conference.is_online_only:
        return _("Online")
    parts = [session.room.name if session.room else "", _venue_label(conference)]
    place = ", ".join(part for part in parts if part)
    if session.format == Session.Format.HYBRID:
        return _("%(place)s and online") % {"place": place} if place else _("Online")
    return place


def description_phrases():
    """The fixed phrases of a session's description in the active language: a feed looks
    them up once, not for every session."""
    return {
        "cancelled": _("CANCELLED"),
        "provisional": _("Provisional programme: the time and content may still change."),
        "topic": _("Topic: %(topic)s"),
        "speakers": _("Speakers: %(speakers)s"),
        "join": _("Join online: %(url)s"),
        "details": _("Details: %(url)s"),
    }


def session_description(session, *, join_url="", phrases=None):
    """Plain text: kind and format, topic, speakers, description, join link, page link."""
    phrases = phrases or description_phrases()
    lines = [f"{_display(Session.Kind, session.kind)} · {_display(Session.Format, session.format)}"]
    if session_status(session) == "CANCELLED":
        lines.insert(0, phrases["cancelled"])
    if session.is_provisional:
        lines.append(phrases["provisional"])
    if session.topic:
        lines.append(phrases["topic"] % {"topic": session.topic.title})
    speakers = []
    for speaker in session.speakers.all():
        name, affiliation = speaker.name, speaker.affiliation
        speakers.append(f"{name} ({affiliation})" if affiliation else name)
    if speakers:
        lines.append(phrases["speakers"] % {"speakers": ", ".join(speakers)})
    parts = ["\n".join(lines)]
    description = session.description.strip()
    if description:
        parts.append(description)
    if join_url:
        parts.append(phrases["join"] % {"url": join_url})
    parts.append(phrases["details"] % {"url": _session_url(session)})
    return "\n\n".join(parts)


def session_properties(session, *, dtstamp, join_url="", phrases=None):
    """A session's VEVENT as (name, value) pairs, in the conference's zone: what both
    `session_event` (icalendar objects) and the programme feed's fast writer serialise.
    `session.conference`, `room`, `topic` and `speakers` should be loaded (see
    events.programme.programme_sessions).
    """
    zone = session.conference.zone
    properties = [
        ("uid", f"session-{session.calendar_uid}@{UID_DOMAIN}"),
        ("sequence", session.calendar_sequence),
        ("dtstamp", dtstamp),
        ("created", session.created_at),
        ("last-modified", session.updated_at),
        ("dtstart", session.starts_at.astimezone(zone)),
        ("dtend", session.ends_at.astimezone(zone)),
        ("summary", session.title),
        ("description", session_description(session, join_url=join_url, phrases=phrases)),
        ("url", _session_url(session)),
    ]
    location = session_location(session)
    if location:
        properties.append(("location", location))
    properties += [
        ("categories", [_display(Session.Kind, session.kind)]),
        ("status", session_status(session)),
        ("transp", "OPAQUE"),
    ]
    return properties


def session_event(session, *, dtstamp, join_url=""):
    """One VEVENT for a session, in its conference's zone (see `session_properties`)."""
    event = Event()
    for name, value in session_properties(session, dtstamp=dtstamp, join_url=join_url):
        event.add(name, value)
    return event


def deleted_session_description(programme_url):
    return "\n\n".join(
        [
            _("CANCELLED"),
            _("Removed from the programme."),
            _("Programme: %(url)s") % {"url": programme_url},
        ]
    )


def deleted_session_properties(deleted, *, zone, dtstamp):
    """A deleted session as calendars must learn it, as (name, value) pairs: its UID, a
    higher SEQUENCE and STATUS:CANCELLED (see events.models.DeletedSession for how long it
    is announced)."""
    programme_url = absolute_url(
        reverse("events:programme", kwargs={"slug": deleted.conference.slug})
    )
    return [
        ("uid", f"session-{deleted.calendar_uid}@{UID_DOMAIN}"),
        ("sequence", deleted.calendar_sequence),
        ("dtstamp", dtstamp),
        ("last-modified", deleted.deleted_at),
        ("dtstart", deleted.starts_at.astimezone(zone)),
        ("dtend", deleted.ends_at.astimezone(zone)),
        ("summary", deleted.title),
        ("description", deleted_session_description(programme_url)),
        ("status", "CANCELLED"),
        ("transp", "TRANSPARENT"),
    ]


def deleted_session_event(deleted, *, zone, dtstamp):
    """One VEVENT for a deleted session (see `deleted_session_properties`)."""
    event = Event()
    for name, value in deleted_session_properties(deleted, zone=zone, dtstamp=dtstamp):
        event.add(name, value)
    return event


def deleted_sessions_properties(conference, *, dtstamp):
    """The deletions the conference's feeds still announce, as property lists."""
    properties = []
    for deleted in announced_deletions(conference):
        deleted.conference = conference
        properties.append(
            deleted_session_properties(deleted, zone=conference.zone, dtstamp=dtstamp)
        )
    return properties


def add_deleted_sessions(calendar, conference, *, dtstamp):
    """Appends the deletions the conference's feeds still announce."""
    for properties in deleted_sessions_properties(conference, dtstamp=dtstamp):
        event = Event()
        for name, value in properties:
            event.add(name, value)
        calendar.add_component(event)


def programme_calendar(conference, sessions):
    """The programme feed: every session its own VEVENT, cancelled and deleted ones included."""
    calendar = new_calendar(name=_("%(title)s: programme") % {"title": conference.title})
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    dtstamp = timezone.now()
    phrases = description_phrases()
    events = [session_properties(session, dtstamp=dtstamp, phrases=phrases) for session in sessions]
    events += deleted_sessions_properties(conference, dtstamp=dtstamp)
    try:
        # The bytes icalendar's objects give, for a fraction of the CPU (events/ical_writer.py).
        return ical_writer.write_calendar(calendar, events, vtimezone=_vtimezone)
    except ical_writer.Unsupported:
        return finish_calendar(ical_writer.slow_calendar(calendar, events))


def session_calendar(session):
    """The .ics of one session, offered on its page."""
    calendar = new_calendar(name=session.title)
    calendar.add_component(session_event(session, dtstamp=timezone.now()))
    return finish_calendar(calendar)


def deleted_session_calendar(deleted):
    """The .ics under a deleted session's address: its entry, cancelled."""
    calendar = new_calendar(name=deleted.title)
    zone = deleted.conference.zone
    calendar.add_component(deleted_session_event(deleted, zone=zone, dtstamp=timezone.now()))
    return finish_calendar(calendar)


class AttendeeCalendar:
    """An attendee's personal calendar: the conference (same UID and SEQUENCE as the public
    file, with `extra_description` added), its sessions and its recently deleted ones
    (cancelled). Each session's entry carries the join link `write` is given for it (the
    registration app decides who gets which; events knows nothing of attendees).

    Written many times with different links (a mailing, one calendar per attendee), it
    serialises once what all share: the calendar, its VTIMEZONE, the conference's entry and
    the deletions; each `write` adds only the sessions' entries, through the fast writer
    (events/ical_writer.py), the bytes icalendar would write. Build and write it with the
    same language active."""

    def __init__(self, *, conference, sessions, extra_description=""):
        self.conference = conference
        self.sessions = list(sessions)
        self.extra_description = extra_description
        self.dtstamp = timezone.now()
        self.phrases = description_phrases()
        self.head = self.tail = None
        calendar = self._calendar()
        deletions = deleted_sessions_properties(conference, dtstamp=self.dtstamp)
        try:
            tzids = set()
            for session in self.sessions:  # their zones; and whether the writer knows them
                ical_writer.vevent(self._session_properties(session, ""), tzids)
            tail = "".join(ical_writer.vevent(properties, tzids) for properties in deletions)
        except ical_writer.Unsupported:
            return
        for position, tzid in enumerate(sorted(tzids | set(calendar.get_missing_tzids()))):
            try:
                calendar.subcomponents.insert(position, _vtimezone(tzid))
            except ValueError:  # not in the zone database: the times still carry their TZID
                continue
        head = calendar.to_ical()
        if head.endswith(ical_writer.END):
            self.head = head[: -len(ical_writer.END)]
            self.tail = tail.encode() + ical_writer.END

    def _calendar(self):
        calendar = new_calendar(name=self.conference.title)
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        calendar.add_component(
            conference_event(self.conference, extra_description=self.extra_description)
        )
        return calendar

    def _session_properties(self, session, join_url):
        return session_properties(
            session, dtstamp=self.dtstamp, join_url=join_url, phrases=self.phrases
        )

    def write(self, join_urls=None):
        """The .ics bytes, each session in `join_urls` ({session id: URL}) with its link."""
        join_urls = join_urls or {}
        if self.head is not None:
            body = "".join(
                ical_writer.vevent(self._session_properties(s, join_urls.get(s.pk, "")), set())
                for s in self.sessions
            )
            return self.head + body.encode() + self.tail
        # Something the fast writer does not know: icalendar writes it all.
        calendar = self._calendar()
        for session in self.sessions:
            calendar.add_component(
                session_event(session, dtstamp=self.dtstamp, join_url=join_urls.get(session.pk, ""))
            )
        add_deleted_sessions(calendar, self.conference, dtstamp=self.dtstamp)
        return finish_calendar(calendar)


def attendee_calendar(*, conference, sessions, join_urls=None, extra_description=""):
    """An attendee's personal calendar (see AttendeeCalendar), written once. Returns .ics
    bytes."""
    return AttendeeCalendar(
        conference=conference, sessions=sessions, extra_description=extra_description
    ).write(join_urls)

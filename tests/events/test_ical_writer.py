"""The programme feed's fast writer says, byte for byte, what icalendar's objects say."""

import datetime as dt
import itertools
import zoneinfo

import pytest
from icalendar import Calendar, Event

from events import calendar, ical_writer, programme
from events.models import Session
from tests.factories import ConferenceFactory, RoomFactory, SessionFactory, SpeakerFactory, utc

UTC = dt.UTC

TEXTS = [
    "",
    "Short",
    "a" * 73,
    "a" * 74,
    "a" * 75,
    "a" * 300,
    # An escape at each place a fold could fall.
    *("x" * n + "\\" + "y" * 100 for n in range(60, 80)),
    *("x" * n + "^" + "y" * 100 for n in range(60, 80)),
    *("x" * n + ",;\n" + "y" * 100 for n in range(60, 80)),
    # Characters of two, three and four octets across the fold.
    *("x" * n + "·" * 40 for n in range(60, 66)),
    *("x" * n + "工程教育" * 30 for n in range(60, 66)),
    *("x" * n + "🌍" * 30 for n in range(60, 66)),
    "Круглый стол ректоров: мосты между континентами, университетами; наукой\\и техникой " * 3,
    "line\r\nbreaks\rof\nevery\\Nkind",
]


def icalendar_bytes(properties):
    event = Event()
    for name, value in properties:
        event.add(name, value)
    return event.to_ical()


def fast_bytes(properties, tzids=None):
    return ical_writer.vevent(properties, set() if tzids is None else tzids).encode()


@pytest.mark.parametrize("text", TEXTS)
def test_text_is_escaped_and_folded_as_icalendar_does(text):
    properties = [("summary", text), ("description", text * 2), ("location", text[:80])]
    assert fast_bytes(properties) == icalendar_bytes(properties)


@pytest.mark.parametrize("text", TEXTS)
def test_uris_and_categories_are_written_as_icalendar_does(text):
    properties = [
        ("url", "https://conference.example.org/a,b;c/" + text.replace("\n", "").replace("\r", "")),
        ("categories", [text, "Panel, discussion"]),
    ]
    assert fast_bytes(properties) == icalendar_bytes(properties)


@pytest.mark.parametrize(
    "zone",
    [
        "Asia/Tomsk",
        "Asia/Kathmandu",
        "Europe/Brussels",
        "America/St_Johns",
        "Etc/GMT+5",
        "UTC",
        "Etc/UTC",
        "GMT",
        "Zulu",
    ],
)
def test_times_in_any_zone_are_written_as_icalendar_does(zone):
    moment = dt.datetime(2030, 3, 31, 0, 30, 15, 123456, tzinfo=UTC)
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    properties = [
        ("uid", "session-1@example.org"),
        ("sequence", 3),
        ("dtstamp", local),
        ("created", moment),
        ("last-modified", local),
        ("dtstart", local),
        ("dtend", local + dt.timedelta(hours=2)),
        ("transp", "OPAQUE"),
    ]
    tzids = set()
    assert fast_bytes(properties, tzids) == icalendar_bytes(properties)
    event = Event.from_ical(icalendar_bytes(properties))
    calendar_with_it = Calendar()
    calendar_with_it.add_component(event)
    assert tzids == set(calendar_with_it.get_missing_tzids())


def test_properties_come_in_icalendar_order_whatever_order_they_are_given():
    properties = [
        ("transp", "OPAQUE"),
        ("url", "https://example.org/"),
        ("status", "CONFIRMED"),
        ("uid", "u@example.org"),
        ("summary", "S"),
        ("sequence", 0),
        ("dtstart", utc(2030, 1, 1, 9, 0)),
        ("x-custom", "value"),
    ]
    for permutation in itertools.islice(itertools.permutations(properties), 0, 5000, 97):
        assert fast_bytes(list(permutation)) == icalendar_bytes(list(permutation))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("x-value", dt.date(2030, 1, 1)),
        ("x-value", dt.timedelta(hours=1)),
        ("x-value", 1.5),
        ("x-value", True),
        ("dtstart", dt.datetime(2030, 1, 1, 9, 0)),
        ("url", "https://example.org/\r\nX-Injected: yes"),
    ],
)
def test_values_it_does_not_know_are_left_to_icalendar(name, value):
    with pytest.raises(ical_writer.Unsupported):
        ical_writer.vevent([(name, value)], set())


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Asia/Tomsk", "UTC", "Europe/Brussels"])
def test_the_programme_feed_is_what_icalendar_writes(zone, settings):
    settings.SITE_URL = "https://conference.example.org"
    conference = ConferenceFactory(time_zone=zone, starts_at=utc(2030, 3, 29, 8, 0))
    room = RoomFactory(conference=conference, name="Hall; A, B")
    for n, fmt in enumerate(Session.Format.values * 3):
        session = SessionFactory(
            conference=conference,
            format=fmt,
            room=room if n % 2 else None,
            status=Session.Status.CANCELLED if n == 4 else Session.Status.SCHEDULED,
            is_provisional=n == 5,
            starts_at=utc(2030, 3, 30, n, 15),
            ends_at=utc(2030, 3, 30, n + 1, 0),
            title=f"Session {n}: " + "мосты, 桥梁; bridges\\ " * n,
        )
        session.speakers.set([SpeakerFactory(affiliation="Université; ULB")] * (n % 3))
    # Deleted sessions are announced as cancelled entries, through the same writer.
    programme.delete_sessions(sessions=list(conference.sessions.order_by("starts_at")[:2]))
    sessions = list(calendar.Session.objects.filter(conference=conference).order_by("starts_at"))
    header = calendar.new_calendar(name="Programme")
    dtstamp = dt.datetime(2029, 11, 1, 8, 30, tzinfo=UTC)
    events = [calendar.session_properties(session, dtstamp=dtstamp) for session in sessions]
    deletions = calendar.deleted_sessions_properties(conference, dtstamp=dtstamp)
    assert len(deletions) == 2
    fast = ical_writer.write_calendar(header, events + deletions, vtimezone=calendar._vtimezone)
    reference = calendar.new_calendar(name="Programme")
    for session in sessions:
        reference.add_component(calendar.session_event(session, dtstamp=dtstamp))
    calendar.add_deleted_sessions(reference, conference, dtstamp=dtstamp)
    assert fast == calendar.finish_calendar(reference)
    assert fast.count(b"STATUS:CANCELLED") == 3  # the cancelled session and the two deleted


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Asia/Tomsk", "UTC", "Europe/Brussels"])
def test_the_attendee_calendar_is_what_icalendar_writes(zone, settings):
    """Written for each attendee of a mailing with their own join links, the shared part
    serialised once: the same bytes icalendar writes for the whole calendar."""
    settings.SITE_URL = "https://conference.example.org"
    conference = ConferenceFactory(time_zone=zone, starts_at=utc(2030, 3, 29, 8, 0))
    for n, fmt in enumerate(Session.Format.values * 2):
        SessionFactory(
            conference=conference,
            format=fmt,
            starts_at=utc(2030, 3, 30, n, 15),
            ends_at=utc(2030, 3, 30, n + 1, 0),
            title=f"Session {n}: " + "мосты, 桥梁; bridges\\ " * n,
        )
    programme.delete_sessions(sessions=list(conference.sessions.order_by("starts_at")[:1]))
    sessions = list(calendar.Session.objects.filter(conference=conference).order_by("starts_at"))
    links = {sessions[1].pk: "https://conference.example.org/join/2/" + "0123abcd" * 10 + "/"}
    attendee = calendar.AttendeeCalendar(
        conference=conference, sessions=sessions, extra_description="Registered: Li Wei."
    )
    assert attendee.head is not None  # the fast path
    written = [attendee.write(), attendee.write(links)]

    def reference(join_urls):
        expected = calendar.new_calendar(name=conference.title)
        expected.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        expected.add("x-published-ttl", "PT1H")
        expected.add_component(
            calendar.conference_event(conference, extra_description="Registered: Li Wei.")
        )
        for session in sessions:
            expected.add_component(
                calendar.session_event(
                    session, dtstamp=attendee.dtstamp, join_url=join_urls.get(session.pk, "")
                )
            )
        calendar.add_deleted_sessions(expected, conference, dtstamp=attendee.dtstamp)
        return calendar.finish_calendar(expected)

    def without_conference_stamp(ics):
        # The conference's entry (the first) takes its DTSTAMP when it is built.
        lines = ics.split(b"\r\n")
        first = next(n for n, line in enumerate(lines) if line.startswith(b"DTSTAMP"))
        return lines[:first] + lines[first + 1 :]

    assert [without_conference_stamp(ics) for ics in written] == [
        without_conference_stamp(reference({})),
        without_conference_stamp(reference(links)),
    ]
    assert b"0123abcd" not in written[0]
    assert written[1].replace(b"\r\n ", b"").count(links[sessions[1].pk].encode()) == 1

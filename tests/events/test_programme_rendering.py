"""The programme page and feed render byte for byte as they did before they were made fast.

The golden files under `golden/` were rendered by the first version (main before issue 8's
rendering work) from the fixed programme below; the fast renderers must reproduce them
exactly. A page's golden file holds its <main> element only, so a change to the site's
header or footer (base.html) does not touch them; the feeds are whole. Only the feed's
DTSTAMP (the moment of rendering) is compared as a pattern.

After a deliberate change of what a page or feed says, render them again with
`REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/events/test_programme_rendering.py`
and review the diff of the golden files like any other change.
"""

import datetime as dt
import os
import re
import uuid
import zoneinfo
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Conference, Session, Speaker
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    utc,
)

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("REGENERATE_GOLDEN") == "1"
DTSTAMP = re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", re.M)
# The moment every row of the fixture was created and last changed.
STORED_AT = utc(2029, 11, 1, 8, 30, 15)


@pytest.fixture
def golden_programme(settings):
    """A programme with every shape a row can take: cancelled, provisional, online, in
    person and hybrid, with and without room, topic and speakers, over midnight in some
    zones, across Europe's change to summer time, with text that needs escaping and
    folding in a feed (commas, semicolons, backslashes, Cyrillic and Chinese)."""
    settings.SITE_URL = "https://conference.example.org"
    conference = ConferenceFactory(
        title="Golden Conference: Bridges, Continents; Science",
        slug="golden-conference",
        time_zone="Asia/Tomsk",
        starts_at=utc(2030, 3, 29, 1, 0),
        ends_at=utc(2030, 4, 2, 15, 0),
        calendar_uid=uuid.UUID("00000000-0000-4000-8000-000000000001"),
    )
    hall = RoomFactory(conference=conference, name="Great Hall, Main Building")
    lab = RoomFactory(conference=conference, name="Лаборатория 3; корпус \\ 10")
    # Fixed ids: the track filter's values are topic ids, and PostgreSQL's sequences do not
    # restart with each test as SQLite's row ids do.
    topics = [
        TopicFactory(pk=9001, conference=conference, title="Open science, open data", order=1),
        TopicFactory(
            pk=9002, conference=conference, title="工程教育 and engineering education", order=2
        ),
    ]
    speakers = [
        SpeakerFactory(name="Anna Dean", slug="anna-dean", affiliation="TPU"),
        SpeakerFactory(name="Иван Петров", slug="ivan-petrov", affiliation="Томский политех"),
        SpeakerFactory(name="李华", slug="li-hua", affiliation=""),
        SpeakerFactory(
            name="Zoë O'Brien-Smith",
            slug="zoe-obrien-smith",
            affiliation="Université libre de Bruxelles, Faculty of Engineering; ULB",
        ),
    ]
    rows = [
        # title, start, minutes, kind, format, status, provisional, room, topic, speakers
        (
            "Opening: three anniversaries",
            utc(2030, 3, 29, 1, 0),
            90,
            "ceremony",
            "hybrid",
            "scheduled",
            False,
            hall,
            None,
            [0, 1],
        ),
        (
            "Open Science, data & <code>",
            utc(2030, 3, 29, 7, 0),
            60,
            "panel",
            "online",
            "scheduled",
            False,
            None,
            topics[0],
            [3, 2, 0],
        ),
        (
            "Campus visit",
            utc(2030, 3, 29, 16, 30),
            150,
            "social",
            "in_person",
            "scheduled",
            False,
            lab,
            None,
            [],
        ),
        (
            "Late talk over midnight in Tomsk",
            utc(2030, 3, 30, 16, 45),
            45,
            "break",
            "hybrid",
            "cancelled",
            False,
            hall,
            topics[1],
            [1],
        ),
        (
            "Summer time begins in Brussels",
            utc(2030, 3, 31, 0, 30),
            120,
            "workshop",
            "online",
            "scheduled",
            True,
            None,
            topics[1],
            [2],
        ),
        (
            "A very long title that goes on and on, with commas; semicolons; and a back\\slash "
            "so the feed must fold it over several lines of seventy-five octets",
            utc(2030, 3, 31, 9, 0),
            60,
            "plenary",
            "in_person",
            "scheduled",
            False,
            lab,
            topics[0],
            [0, 1, 2, 3],
        ),
        (
            "Круглый стол ректоров: мосты между континентами и университетами науки",
            utc(2030, 4, 1, 3, 0),
            90,
            "panel",
            "hybrid",
            "scheduled",
            True,
            hall,
            topics[1],
            [1, 2],
        ),
        (
            "Closing",
            utc(2030, 4, 2, 13, 0),
            120,
            "ceremony",
            "hybrid",
            "scheduled",
            False,
            hall,
            None,
            [0],
        ),
    ]
    kinds, formats = Session.Kind, Session.Format
    for n, (title, start, minutes, kind, fmt, status, provisional, room, topic, who) in enumerate(
        rows
    ):
        session = SessionFactory(
            conference=conference,
            title=title,
            slug=f"golden-{n}",
            description=(
                "" if n % 3 == 2 else f"Session {n} in detail.\n\nSecond paragraph, n° {n}."
            ),
            kind=kinds(kind),
            format=formats(fmt),
            status=Session.Status(status),
            is_provisional=provisional,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            room=room,
            topic=topic,
            calendar_uid=uuid.UUID(f"00000000-0000-4000-8000-0000000001{n:02d}"),
        )
        JoinOptionFactory(session=session, url=f"https://meet.example.org/golden-{n}")
        session.speakers.set([speakers[i] for i in who])
    # Stored timestamps fixed, so the feed's CREATED and LAST-MODIFIED are too.
    Session.objects.filter(conference=conference).update(created_at=STORED_AT, updated_at=STORED_AT)
    Conference.objects.filter(pk=conference.pk).update(created_at=STORED_AT, updated_at=STORED_AT)
    assert Speaker.objects.count() == 4
    return conference


def main_of(page):
    """The page's one <main> element, from its opening tag to its closing one, as bytes."""
    assert page.count(b"<main") == 1 and page.count(b"</main>") == 1
    return page[page.index(b"<main") : page.index(b"</main>") + len(b"</main>")]


def assert_golden(name, content):
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(content)
    assert content == path.read_bytes()


PAGES = {
    "programme-event-zone.html": {},
    "programme-kathmandu.html": {"tz": "Asia/Kathmandu"},
    "programme-brussels.html": {"tz": "Europe/Brussels"},
    "programme-st-johns.html": {"tz": "America/St_Johns"},
    "programme-utc.html": {"tz": "UTC"},
    "programme-unknown-zone.html": {"tz": "Mars/Olympus_Mons"},
}


@pytest.mark.parametrize("name", PAGES)
def test_programme_page_renders_as_the_first_version_did(golden_programme, name):
    response = Client().get("/events/golden-conference/programme/", PAGES[name])
    assert response.status_code == 200
    assert_golden(name, main_of(response.content))


def test_programme_page_from_the_zone_cookie_renders_as_the_first_version_did(
    golden_programme,
):
    visitor = Client()
    visitor.cookies["programme_tz"] = "Asia/Kathmandu"
    response = visitor.get("/events/golden-conference/programme/")
    # The same page as with ?tz=; the language switcher (outside <main>) differs: the cookie
    # keeps the zone in every language, so its links carry no query string.
    assert main_of(response.content) == (GOLDEN / "programme-kathmandu.html").read_bytes()
    assert b"tz=Asia%2FKathmandu" not in response.content
    with_query = Client().get("/events/golden-conference/programme/", {"tz": "Asia/Kathmandu"})
    assert b"?tz=Asia%2FKathmandu" in with_query.content


def test_speakers_page_renders_as_the_first_version_did(golden_programme):
    response = Client().get("/events/golden-conference/speakers/", {"tz": "Europe/Brussels"})
    assert response.status_code == 200
    assert_golden("speakers-brussels.html", main_of(response.content))


def test_programme_feed_renders_as_the_first_version_did(golden_programme):
    response = Client().get("/events/golden-conference/programme.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    stamps = DTSTAMP.findall(response.content)
    assert len(stamps) == 8, "one DTSTAMP per session, all the moment of rendering"
    assert len(set(stamps)) == 1
    assert_golden(
        "programme-feed.ics", DTSTAMP.sub(b"DTSTAMP:20291101T083015Z\r", response.content)
    )


def test_conference_calendar_renders_as_the_first_version_did(golden_programme):
    response = Client().get("/events/golden-conference/calendar.ics")
    assert response.status_code == 200
    assert_golden("conference.ics", DTSTAMP.sub(b"DTSTAMP:20291101T083015Z\r", response.content))


def test_now_and_next_show_their_session_and_time_as_the_rows_do(client):
    """The running conference's lists, which the golden files (2030) cannot hold."""
    now = timezone.now().replace(second=0, microsecond=0)
    conference = ConferenceFactory(
        slug="running-now",
        time_zone="Asia/Tomsk",
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(days=1),
    )
    running = SessionFactory(
        conference=conference,
        title="Running talk",
        slug="running-talk",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=30),
    )
    coming = SessionFactory(
        conference=conference,
        title="Coming talk",
        slug="coming-talk",
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    html = client.get("/events/running-now/programme/").content.decode()
    tomsk = zoneinfo.ZoneInfo("Asia/Tomsk")

    def shown(session):
        start, end = session.starts_at.astimezone(tomsk), session.ends_at.astimezone(tomsk)
        later = f" ({end:%a} {end.day} {end:%b})" if end.date() != start.date() else ""
        return (
            f'<a href="/events/running-now/programme/{session.slug}/">{session.title}</a>, '
            f'<time datetime="{start.isoformat()}">{start:%H:%M}</time>–'
            f'<time datetime="{end.isoformat()}">{end:%H:%M}</time>{later} '
            '<span class="text-body-secondary">UTC+7</span>\n</li>'
        )

    assert f"<li>Now: {shown(running)}" in html
    assert f"<li>Next: {shown(coming)}" in html

"""The programme's rows are worked out once per content version and language and kept in
the process (events.programme_rows.programme_page_sessions): a page in a zone nobody asked
for before shows every organiser's change at once, in the page's language."""

import datetime as dt
import re
import time
import zoneinfo

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events import page_cache, programme
from events.models import Session
from events.programme_zone import ZONE_COOKIE
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    utc,
)

pytestmark = pytest.mark.django_db

# Every page below is asked for in a zone of its own, so the page cache never answers it.
ZONES = iter(sorted(zoneinfo.available_timezones()))


@pytest.fixture
def talk():
    conference = ConferenceFactory(
        slug="kept-rows",
        time_zone="Asia/Tomsk",
        starts_at=utc(2030, 5, 16, 2),
        ends_at=utc(2030, 5, 18, 12),
    )
    session = SessionFactory(
        conference=conference,
        title="Bridges between continents",
        slug="bridges",
        starts_at=utc(2030, 5, 16, 4),
        ends_at=utc(2030, 5, 16, 5),
        room=RoomFactory(conference=conference, name="Great Hall"),
        topic=TopicFactory(conference=conference, title="Open science"),
    )
    session.speakers.add(SpeakerFactory(name="Anna Dean", slug="anna-dean"))
    return session


def row(session, prefix=""):
    """The session's table row on a page in a new zone (never from the page cache)."""
    visitor = Client()
    visitor.cookies[ZONE_COOKIE] = next(ZONES)
    with translation.override("en"):  # a request to /ru/ leaves Russian active
        path = reverse("events:programme", kwargs={"slug": session.conference.slug})
    response = visitor.get(f"{prefix}{path}")
    assert response.status_code == 200
    found = re.search(
        rf'<article id="session-{session.slug}"[^>]*>.*?</article>', response.content.decode(), re.S
    )
    return found[0] if found else None


def test_a_new_title_shows_in_the_next_new_zone(talk):
    assert "Bridges between continents" in row(talk)
    talk.title = "Bridges, rebuilt"
    programme.save_session(session=talk)
    shown = row(talk)
    assert "Bridges, rebuilt" in shown
    assert "Bridges between continents" not in shown


def start_shown(row_html):
    return dt.datetime.fromisoformat(re.search(r'<time datetime="([^"]+)"', row_html)[1])


def test_a_moved_session_shows_its_new_time(talk):
    before = start_shown(row(talk))
    talk.starts_at, talk.ends_at = utc(2030, 5, 17, 4), utc(2030, 5, 17, 5)
    programme.save_session(session=talk)
    assert start_shown(row(talk)) - before == dt.timedelta(days=1)


def test_a_cancelled_session_is_marked_at_once(talk):
    assert "Cancelled" not in row(talk)
    programme.cancel_session(session=talk)
    shown = row(talk)
    assert '<span class="badge text-bg-danger">Cancelled</span>' in shown
    assert 'class="text-body-secondary"' in shown


def test_a_renamed_room_topic_and_speaker_show_at_once(talk):
    row(talk)
    room = talk.room
    room.name = "Small Hall"
    programme.save_room(room=room)
    assert "<span>Small Hall</span>" in row(talk)
    talk.topic.title = "Open data"
    talk.topic.save()
    assert "<span>Open data</span>" in row(talk)
    speaker = talk.speakers.get()
    speaker.name = "Anna Dean-Rector"
    speaker.save()
    assert ">Anna Dean-Rector</a>" in row(talk)


def test_a_speaker_added_or_a_session_deleted_shows_at_once(talk):
    row(talk)
    talk.speakers.add(SpeakerFactory(name="Ivan Petrov", slug="ivan-petrov"))
    assert ">Anna Dean</a>, <a href=" in row(talk)
    assert "#speaker-ivan-petrov" in row(talk)
    programme.delete_sessions(sessions=[talk])
    assert row(talk) is None


def test_rows_are_kept_per_language(talk):
    """Russian rows are not the English ones: the title and the kind in Russian, and the
    English fallback of an untranslated room marked lang="en"."""
    with translation.override("ru"):
        kind = str(Session.Kind(talk.kind).label)
    with translation.override("ru"):
        talk.title = "Мосты между континентами"
        programme.save_session(session=talk)
    english = row(talk)
    russian = row(talk, "/ru")
    assert "Bridges between continents" in english
    assert 'lang="en"' not in english
    assert "Мосты между континентами" in russian
    assert '<span lang="en">Great Hall</span>' in russian
    assert f'<span class="programme-kind">{kind}</span>' in russian
    assert f'<span class="programme-kind">{kind}</span>' not in english
    assert '<a href="/ru/events/kept-rows/programme/bridges/">' in russian
    again = row(talk)  # the English rows again, not the Russian ones
    assert "Bridges between continents" in again
    assert "Мосты" not in again


def test_a_save_on_another_server_shows_here_within_a_second(talk, monkeypatch):
    # This process's clock stands still until the test moves it (a page may take longer
    # than the version's memo on a busy machine).
    clock = [time.monotonic()]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    row(talk)
    # Another app server saves: the shared version rises, this process's memo does not know.
    Session.objects.filter(pk=talk.pk).update(title="Saved elsewhere")
    caches["default"].incr(page_cache.VERSION_KEY)
    assert "Bridges between continents" in row(talk)
    clock[0] += page_cache.VERSION_MEMO_SECONDS + 0.1
    assert "Saved elsewhere" in row(talk)


def test_a_running_conference_marks_now_and_next_in_a_new_zone():
    """ "Now" and "next" are decided per request (only the rest of a row is kept)."""
    now = timezone.now().replace(second=0, microsecond=0)
    conference = ConferenceFactory(
        slug="running-rows",
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now + dt.timedelta(days=1),
    )
    past, running, coming, later = (
        SessionFactory(
            conference=conference,
            title=f"Talk {n}",
            slug=f"talk-{n}",
            starts_at=now + dt.timedelta(hours=hours),
            ends_at=now + dt.timedelta(hours=hours, minutes=50),
        )
        for n, hours in enumerate([-2, -0.5, 1, 2])
    )
    for _ in range(2):  # the second page from the kept rows
        assert " is-now " in row(running)
        assert '<span class="badge text-bg-success">Now</span>' in row(running)
        assert " is-next " in row(coming)
        assert '<span class="badge text-bg-info">Next</span>' in row(coming)
        for quiet in (past, later):
            assert " is-now " not in row(quiet) and " is-next " not in row(quiet)
            assert "badge" not in row(quiet)


def test_an_empty_programme_is_kept_too(client, django_assert_num_queries):
    conference = ConferenceFactory(slug="no-sessions-yet")
    url = reverse("events:programme", kwargs={"slug": conference.slug})
    assert "The programme has not been published yet." in client.get(url).content.decode()
    visitor = Client()
    visitor.cookies[ZONE_COOKIE] = "Asia/Kathmandu"
    with django_assert_num_queries(1):
        page = visitor.get(url).content.decode()
    assert "The programme has not been published yet." in page

"""The provisional programme: built from the seed, timed for all regions, loaded once."""

import datetime as dt
import re
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from events import timezones
from events.management.commands.load_programme import DEFAULT_SLUG
from events.models import Conference, Session
from tests.factories import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db

ZONES = {
    "Tomsk": "Asia/Tomsk",
    "Beijing": "Asia/Shanghai",
    "Moscow": "Europe/Moscow",
    "Brussels": "Europe/Brussels",
}


@pytest.fixture
def seed_conference():
    call_command("load_conference", stdout=StringIO())
    return Conference.objects.get(slug=DEFAULT_SLUG)


def load(*args):
    out = StringIO()
    call_command("load_programme", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_provisional_programme_from_the_seed(seed_conference):
    output = load()
    assert "Loaded a provisional programme of 12 sessions" in output
    assert "Warning" not in output
    sessions = list(seed_conference.sessions.order_by("starts_at"))
    assert len(sessions) == 12
    assert all(s.is_provisional for s in sessions)
    opening, *topic_sessions, closing = sessions
    assert opening.title == "Opening: 125 years of TPU, 10 years of ASRTU, 30 years of CESAER"
    assert opening.kind == Session.Kind.CEREMONY
    assert opening.starts_at == seed_conference.starts_at  # 16 May 2022 19:00 Tomsk
    topics = list(seed_conference.topics.all())
    assert len(topics) == 10
    assert [s.topic for s in topic_sessions] == topics
    assert [s.title for s in topic_sessions] == [t.title for t in topics]
    assert closing.title == "Closing: sustainable links between rectors and their institutions"
    assert closing.ends_at <= seed_conference.ends_at
    assert all(s.format == Session.Format.HYBRID for s in sessions)
    assert len({s.slug for s in sessions}) == 12


def test_every_provisional_session_suits_tomsk_beijing_moscow_and_brussels(seed_conference):
    load()
    for session in seed_conference.sessions.all():
        assert (
            seed_conference.starts_at
            <= session.starts_at
            < session.ends_at
            <= seed_conference.ends_at
        )
        for city, zone_name in ZONES.items():
            zone = zoneinfo.ZoneInfo(zone_name)
            assert timezones.within_waking_hours(session.starts_at, session.ends_at, zone), (
                session.title,
                city,
            )


def test_opening_hours_in_each_city(seed_conference):
    load()
    opening = seed_conference.sessions.get(kind=Session.Kind.CEREMONY)
    assert {
        city: timezones.time_with_offset(opening.starts_at, zoneinfo.ZoneInfo(zone))
        for city, zone in ZONES.items()
    } == {
        "Tomsk": "19:00 UTC+7",
        "Beijing": "20:00 UTC+8",
        "Moscow": "15:00 UTC+3",
        "Brussels": "14:00 UTC+2",
    }
    first_topic = (
        seed_conference.sessions.filter(kind=Session.Kind.PANEL).order_by("starts_at").first()
    )
    assert first_topic.starts_at == dt.datetime(2022, 5, 17, 7, 0, tzinfo=dt.UTC)  # 09:00 Brussels


def test_loading_twice_changes_nothing(seed_conference):
    load()
    before = list(seed_conference.sessions.values_list("pk", "calendar_uid", "starts_at"))
    output = load()
    assert "already has sessions; nothing changed" in output
    assert list(seed_conference.sessions.values_list("pk", "calendar_uid", "starts_at")) == before


def test_not_loaded_when_organisers_already_have_sessions(seed_conference):
    own = SessionFactory(conference=seed_conference, title="Keynote")
    load()
    assert list(seed_conference.sessions.all()) == [own]


def test_page_labels_the_loaded_programme_provisional(client, seed_conference):
    load()
    response = client.get(reverse("events:programme", kwargs={"slug": DEFAULT_SLUG}))
    html = response.content.decode()
    assert "<h1>Provisional programme</h1>" in html
    assert html.count('<span class="badge text-bg-warning">Provisional</span>') == 12
    assert [day.date for day in response.context["programme"].days] == [
        dt.date(2022, 5, 16),
        dt.date(2022, 5, 17),
        dt.date(2022, 5, 18),
        dt.date(2022, 5, 19),
        dt.date(2022, 5, 20),
    ]


def test_conference_without_topics_gets_the_seed_topics():
    conference = ConferenceFactory(
        slug="other",
        time_zone="Asia/Tomsk",
        starts_at=dt.datetime(2023, 5, 15, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2023, 5, 19, 15, 0, tzinfo=dt.UTC),
    )
    load("other")
    titles = list(conference.sessions.order_by("starts_at").values_list("title", flat=True))
    assert titles[0] == "Opening: 125 years of TPU, 10 years of ASRTU, 30 years of CESAER"
    assert titles[1] == "University-industry relationship and cooperation"
    assert len(titles) == 12


def test_unknown_conference_is_a_clear_error():
    with pytest.raises(CommandError, match=re.escape("No conference “nope”: run load_conference")):
        load("nope")

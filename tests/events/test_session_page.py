"""A session's page: description, speakers, times in the chosen zone and in each region."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from events import programme
from events.models import Session
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

UTC = dt.UTC


@pytest.fixture
def session():
    conference = ConferenceFactory(
        slug="bridge-continents",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
    )
    session = SessionFactory(
        conference=conference,
        title="Open Science and EOSC in a global context",
        slug="open-science",
        description="How open science travels between continents.\n\nA panel of rectors.",
        kind=Session.Kind.PANEL,
        format=Session.Format.HYBRID,
        starts_at=utc(2022, 5, 17, 7, 0),
        ends_at=utc(2022, 5, 17, 8, 30),
        room=RoomFactory(conference=conference, name="Great Hall"),
        topic=TopicFactory(conference=conference, title="Open Science"),
    )
    JoinOptionFactory(session=session, url="https://meet.example.org/secret-room")
    session.speakers.add(
        SpeakerFactory(
            name="Li Wei",
            slug="li-wei",
            position="Rector",
            affiliation="Harbin Institute of Technology",
        )
    )
    return session


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_session_page_says_what_when_where_and_who(client, session):
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    html = text(response)
    assert '<h1 id="session-title">Open Science and EOSC in a global context</h1>' in html
    assert "Panel · Hybrid" in html
    assert "<p>How open science travels between continents.</p>" in html
    assert "Tuesday 17 May 2022, " in html
    assert (
        '<time datetime="2022-05-17T14:00:00+07:00">14:00</time>–'
        '<time datetime="2022-05-17T15:30:00+07:00">15:30</time> '
        '<span class="text-body-secondary">UTC+7</span> (Tomsk)'
    ) in html
    assert '<dd class="col-sm-9">Great Hall</dd>' in html
    assert '<dd class="col-sm-9">Open Science</dd>' in html
    assert (
        '<a href="/events/bridge-continents/speakers/#speaker-li-wei"><strong>Li Wei</strong></a>, '
        "Rector, Harbin Institute of Technology"
    ) in html
    assert 'href="/events/bridge-continents/programme/open-science.ics"' in html
    assert "secret-room" not in html


def test_session_page_shows_each_region(client, session):
    html = text(client.get(session.get_absolute_url()))
    for region, start, offset in [
        ("Beijing (Asia/Shanghai)", "15:00", "UTC+8"),
        ("Moscow (Europe/Moscow)", "10:00", "UTC+3"),
        ("Brussels (Europe/Brussels)", "09:00", "UTC+2"),
    ]:
        assert re.search(
            rf'<th scope="row">{re.escape(region)}</th> <td>Tue 17 May, <time[^>]*>{start}</time>'
            rf".*?{re.escape(offset)}</span> ?</td> <td>Yes</td>",
            html,
        ), region


def test_session_page_in_a_chosen_zone_shows_the_venue_time_too(client, session):
    html = text(client.get(session.get_absolute_url() + "?tz=America/New_York"))
    assert '>03:00</time>–<time datetime="2022-05-17T04:30:00-04:00">04:30</time>' in html
    assert "UTC−4</span> (New York)" in html
    assert "At the venue (Tomsk): Tue 17 May, " in html


def test_cancelled_session_page_says_so(client, session):
    programme.cancel_session(session=session)
    html = text(client.get(session.get_absolute_url()))
    assert (
        '<div class="alert alert-danger" role="alert">This session has been cancelled.</div>'
        in html
    )


def test_session_at_night_in_a_region_is_marked(client, session):
    session.starts_at = utc(2022, 5, 17, 16, 0)  # 00:00 in Beijing
    session.ends_at = utc(2022, 5, 17, 17, 0)
    session.save()
    html = text(client.get(session.get_absolute_url()))
    assert html.count("<strong>No: outside 08:00-22:00</strong>") == 1
    assert re.search(
        r"Beijing \(Asia/Shanghai\)</th> <td>Wed 18 May, <time[^>]*>00:00</time>", html
    )


def test_unknown_session_or_wrong_conference_is_404(client, session):
    assert client.get("/events/bridge-continents/programme/nope/").status_code == 404
    other = ConferenceFactory(slug="other")
    url = reverse(
        "events:session_detail", kwargs={"slug": other.slug, "session_slug": session.slug}
    )
    assert client.get(url).status_code == 404


def test_post_is_refused(client, session):
    assert client.post(session.get_absolute_url()).status_code == 405

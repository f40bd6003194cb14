"""The programme page: sessions by day in the visitor's zone, now/next, provisional label."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events import programme
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

UTC = dt.UTC


@pytest.fixture
def opening(conference):
    session = SessionFactory(
        conference=conference,
        title="Opening: three anniversaries",
        slug="opening",
        kind=Session.Kind.CEREMONY,
        format=Session.Format.HYBRID,
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 16, 13, 30),
        room=RoomFactory(conference=conference, name="Great Hall"),
        topic=TopicFactory(conference=conference, title="Open up national funding programmes"),
    )
    session.speakers.add(
        SpeakerFactory(name="Zoe Rector", slug="zoe-rector"),
        SpeakerFactory(name="Anna Dean", slug="anna-dean"),
    )
    return session


def programme_url(conference, **params):
    url = reverse("events:programme", kwargs={"slug": conference.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_programme_in_the_event_zone_by_default(client, opening, conference):
    response = client.get(programme_url(conference))
    assert response.status_code == 200
    html = text(response)
    assert "Monday 16 May 2022" in html
    assert (
        '<time datetime="2022-05-16T19:00:00+07:00">19:00</time>–'
        '<time datetime="2022-05-16T20:30:00+07:00">20:30</time> '
        '<span class="text-body-secondary">UTC+7</span>'
    ) in html
    assert "Times are shown for Tomsk (Asia/Tomsk)." in html
    assert (
        '<a href="/events/bridge-continents/programme/opening/">Opening: three anniversaries</a>'
        in html
    )
    assert '<span class="programme-kind">Ceremony</span>' in html
    assert '<span class="programme-format">Hybrid</span>' in html
    assert '<span class="visually-hidden">Room: </span><span>Great Hall</span>' in html
    assert (
        '<span class="visually-hidden">Track: </span>'
        "<span>Open up national funding programmes</span>"
    ) in html
    # Speakers in name order, each linked to the speakers page.
    assert html.index(">Anna Dean</a>") < html.index(">Zoe Rector</a>")
    assert '<a href="/events/bridge-continents/speakers/#speaker-anna-dean">Anna Dean</a>' in html
    assert ZONE_COOKIE not in response.cookies
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    ("zone", "start", "end", "offset", "day"),
    [
        ("Asia/Shanghai", "20:00", "21:30", "UTC+8", "Monday 16 May 2022"),
        ("Europe/Moscow", "15:00", "16:30", "UTC+3", "Monday 16 May 2022"),
        ("Europe/Brussels", "14:00", "15:30", "UTC+2", "Monday 16 May 2022"),
        ("UTC", "12:00", "13:30", "UTC±0", "Monday 16 May 2022"),
        ("Asia/Kolkata", "17:30", "19:00", "UTC+5:30", "Monday 16 May 2022"),
        ("Asia/Kathmandu", "17:45", "19:15", "UTC+5:45", "Monday 16 May 2022"),
        ("Pacific/Kiritimati", "02:00", "03:30", "UTC+14", "Tuesday 17 May 2022"),
        ("America/Los_Angeles", "05:00", "06:30", "UTC−7", "Monday 16 May 2022"),
    ],
)
def test_programme_in_a_chosen_zone(client, opening, conference, zone, start, end, offset, day):
    response = client.get(programme_url(conference, tz=zone))
    html = text(response)
    assert f">{start}</time>–" in html
    assert f'>{end}</time> <span class="text-body-secondary">{offset}</span>' in html
    assert f'<h2 id="day-1" class="h4">{day}</h2>' in html
    assert response.cookies[ZONE_COOKIE].value == zone
    assert response.cookies[ZONE_COOKIE]["samesite"] == "Lax"


def test_chosen_zone_is_remembered_in_a_cookie(client, opening, conference):
    client.get(programme_url(conference, tz="Europe/Brussels"))
    response = client.get(programme_url(conference))
    assert "Times are shown for Brussels (Europe/Brussels)." in text(response)
    assert ">14:00</time>" in text(response)
    # The session page follows the same choice.
    response = client.get(opening.get_absolute_url())
    assert ">14:00</time>" in text(response)


def test_empty_tz_goes_back_to_the_event_zone_and_forgets_the_cookie(client, opening, conference):
    client.get(programme_url(conference, tz="Europe/Brussels"))
    response = client.get(programme_url(conference, tz=""))
    assert "Times are shown for Tomsk (Asia/Tomsk)." in text(response)
    assert response.cookies[ZONE_COOKIE].value == ""
    assert response.cookies[ZONE_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "bad", ["Mars/Olympus_Mons", "..%2F..%2Fetc%2Fpasswd", "Europe%2FBrussel", "x" * 300]
)
def test_unknown_zone_shows_a_message_and_the_event_zone(client, opening, conference, bad):
    client.cookies[ZONE_COOKIE] = "Europe/Moscow"
    response = client.get(programme_url(conference, tz=bad))
    assert response.status_code == 200
    html = text(response)
    assert "is not a time zone we know. Times are shown in the event’s zone, Asia/Tomsk." in html
    assert 'role="alert"' in html
    assert ">19:00</time>" in html
    assert ZONE_COOKIE not in response.cookies


def test_invalid_zone_cookie_is_ignored(client, opening, conference):
    client.cookies[ZONE_COOKIE] = "Not/AZone"
    response = client.get(programme_url(conference))
    assert response.status_code == 200
    assert "Times are shown for Tomsk (Asia/Tomsk)." in text(response)


def test_days_are_grouped_in_the_chosen_zone(client, conference):
    SessionFactory(
        conference=conference,
        title="Late in Tomsk",
        starts_at=utc(2022, 5, 16, 16, 30),
        ends_at=utc(2022, 5, 16, 18, 0),
    )
    SessionFactory(
        conference=conference,
        title="Morning in Tomsk",
        starts_at=utc(2022, 5, 17, 2, 0),
        ends_at=utc(2022, 5, 17, 3, 0),
    )

    def days(zone):
        response = client.get(programme_url(conference, tz=zone))
        return [
            (day.date, [entry.session.title for entry in day.entries])
            for day in response.context["programme"].days
        ]

    # 23:30-01:00 in Tomsk: on the 16th, ending the next day.
    assert days("Asia/Tomsk") == [
        (dt.date(2022, 5, 16), ["Late in Tomsk"]),
        (dt.date(2022, 5, 17), ["Morning in Tomsk"]),
    ]
    assert "(Tue 17 May)" in text(client.get(programme_url(conference, tz="Asia/Tomsk")))
    # 00:30 in Beijing: the 17th.
    assert days("Asia/Shanghai") == [(dt.date(2022, 5, 17), ["Late in Tomsk", "Morning in Tomsk"])]
    # 18:30 in Brussels on the 16th, 04:00 on the 17th.
    assert days("Europe/Brussels") == [
        (dt.date(2022, 5, 16), ["Late in Tomsk"]),
        (dt.date(2022, 5, 17), ["Morning in Tomsk"]),
    ]


def test_provisional_programme_is_labelled(client, conference):
    SessionFactory(conference=conference, is_provisional=True)
    html = text(client.get(programme_url(conference)))
    assert "<h1>Provisional programme</h1>" in html
    assert "<strong>Provisional programme.</strong>" in html


def test_confirmed_programme_is_not_labelled_provisional(client, opening, conference):
    html = text(client.get(programme_url(conference)))
    assert "<h1>Programme</h1>" in html
    assert "Provisional" not in html


def test_cancelled_session_stays_listed_and_marked(client, opening, conference):
    programme.cancel_session(session=opening)
    html = text(client.get(programme_url(conference)))
    assert (
        '<span class="badge text-bg-danger">Cancelled</span> '
        '<del><a href="/events/bridge-continents/programme/opening/">'
    ) in html


def test_feed_links_offer_webcal_and_download(client, opening, conference):
    html = text(client.get(programme_url(conference)))
    assert 'href="webcal://conference.example.org/events/bridge-continents/programme.ics"' in html
    assert 'href="/events/bridge-continents/programme.ics"' in html


def test_zone_picker_is_labelled_and_progressive(client, opening, conference):
    html = text(client.get(programme_url(conference)))
    assert '<label class="form-label" for="tz-select">Show times for</label>' in html
    assert '<label class="form-label" for="tz-any">Or any IANA time zone</label>' in html
    assert '<option value="Asia/Tomsk" selected>Tomsk (event\'s zone)</option>' in html
    assert '<option value="Asia/Shanghai">Beijing</option>' in html
    assert "<script>" not in html
    assert 'src="/static/js/timezone.js" defer' in html


def test_unknown_conference_is_404(client):
    assert client.get("/events/nope/programme/").status_code == 404


# --- now and next ---------------------------------------------------------------------


def test_now_and_next_are_marked_while_the_conference_runs(conference):
    first = SessionFactory(
        conference=conference,
        title="First",
        starts_at=utc(2022, 5, 17, 7),
        ends_at=utc(2022, 5, 17, 8),
    )
    second = SessionFactory(
        conference=conference,
        title="Second",
        starts_at=utc(2022, 5, 17, 9),
        ends_at=utc(2022, 5, 17, 10),
    )
    parallel = SessionFactory(
        conference=conference,
        title="Parallel",
        starts_at=utc(2022, 5, 17, 9),
        ends_at=utc(2022, 5, 17, 11),
    )
    SessionFactory(
        conference=conference,
        title="Later",
        starts_at=utc(2022, 5, 17, 11),
        ends_at=utc(2022, 5, 17, 12),
    )
    zone = zoneinfo.ZoneInfo("Europe/Brussels")

    during_first = programme.build_programme(
        conference=conference, zone=zone, now=utc(2022, 5, 17, 7, 30)
    )
    assert during_first.is_running is True
    assert [e.session for e in during_first.now] == [first]
    assert [e.session.title for e in during_first.next] == ["Parallel", "Second"]

    in_gap = programme.build_programme(
        conference=conference, zone=zone, now=utc(2022, 5, 17, 8, 30)
    )
    assert in_gap.now == []
    assert {e.session for e in in_gap.next} == {second, parallel}

    # At 10:00 "Second" has just ended; "Parallel" still runs.
    at_ten = programme.build_programme(conference=conference, zone=zone, now=utc(2022, 5, 17, 10))
    assert [e.session for e in at_ten.now] == [parallel]
    assert [e.session.title for e in at_ten.next] == ["Later"]


def test_cancelled_sessions_are_never_now_or_next(conference):
    cancelled = SessionFactory(
        conference=conference,
        starts_at=utc(2022, 5, 17, 7),
        ends_at=utc(2022, 5, 17, 8),
        status=Session.Status.CANCELLED,
    )
    following = SessionFactory(
        conference=conference, starts_at=utc(2022, 5, 17, 9), ends_at=utc(2022, 5, 17, 10)
    )
    result = programme.build_programme(
        conference=conference, zone=conference.zone, now=utc(2022, 5, 17, 7, 30)
    )
    assert result.now == []
    assert [e.session for e in result.next] == [following]
    assert cancelled in [e.session for day in result.days for e in day.entries]


def test_nothing_is_marked_before_or_after_the_conference(conference):
    SessionFactory(
        conference=conference, starts_at=utc(2022, 5, 17, 7), ends_at=utc(2022, 5, 17, 8)
    )
    for now in [utc(2022, 5, 16, 11, 59), utc(2022, 5, 20, 15, 0)]:
        result = programme.build_programme(conference=conference, zone=conference.zone, now=now)
        assert (result.is_running, result.now, result.next) == (False, [], [])


def test_page_marks_now_and_next_for_a_running_conference(client):
    now = timezone.now()
    conference = ConferenceFactory(
        starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(days=1)
    )
    current = SessionFactory(
        conference=conference,
        title="Running talk",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=30),
    )
    SessionFactory(
        conference=conference,
        title="Coming talk",
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    html = text(client.get(programme_url(conference)))
    assert "Happening now" in html
    assert re.search(f'<article id="session-{current.slug}" class="[^"]* is-now ', html)
    assert '<span class="badge text-bg-success">Now</span>' in html
    assert '<span class="badge text-bg-info">Next</span>' in html
    assert "Next: <a href=" in html

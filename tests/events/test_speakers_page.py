"""The speakers page: every speaker of the conference with their sessions in the chosen zone."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import ConferenceFactory, SessionFactory, SpeakerFactory, utc

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def speakers_url(conference, **params):
    url = reverse("events:speakers", kwargs={"slug": conference.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_speakers_of_this_conference_with_their_sessions(client, conference):
    anna = SpeakerFactory(
        name="Anna Dean",
        slug="anna-dean",
        position="Rector",
        affiliation="TPU",
        bio="Works on open science.",
    )
    zhou = SpeakerFactory(name="Zhou Min", slug="zhou-min", affiliation="HIT")
    elsewhere = SpeakerFactory(name="Only Elsewhere", slug="only-elsewhere")
    panel = SessionFactory(
        conference=conference,
        title="Panel",
        slug="panel",
        starts_at=utc(2022, 5, 17, 7),
        ends_at=utc(2022, 5, 17, 8),
    )
    closing = SessionFactory(
        conference=conference,
        title="Closing",
        slug="closing",
        starts_at=utc(2022, 5, 20, 12),
        ends_at=utc(2022, 5, 20, 13),
    )
    panel.speakers.add(anna, zhou)
    closing.speakers.add(anna)
    SessionFactory(conference=ConferenceFactory(slug="other")).speakers.add(elsewhere, anna)

    response = client.get(speakers_url(conference))
    assert [s.name for s in response.context["speakers"]] == ["Anna Dean", "Zhou Min"]
    html = text(response)
    assert '<li id="speaker-anna-dean" class="mb-4">' in html
    assert '<p class="mb-1">Rector, TPU</p>' in html
    assert "<p>Works on open science.</p>" in html
    assert "Only Elsewhere" not in html
    # Anna's two sessions here, in time order, none from the other conference.
    anna_block = html[html.index('id="speaker-anna-dean"') : html.index('id="speaker-zhou-min"')]
    assert re.findall(r'<a href="(/events/[^"]+)">', anna_block) == [
        "/events/bridge-continents/programme/panel/",
        "/events/bridge-continents/programme/closing/",
    ]
    assert 'Tue 17 May, <time datetime="2022-05-17T14:00:00+07:00">14:00</time>' in anna_block


def test_speakers_page_in_a_chosen_zone(client, conference):
    speaker = SpeakerFactory(slug="anna-dean")
    SessionFactory(
        conference=conference, starts_at=utc(2022, 5, 17, 7), ends_at=utc(2022, 5, 17, 8)
    ).speakers.add(speaker)
    html = text(client.get(speakers_url(conference, tz="Asia/Kathmandu")))
    assert 'Tue 17 May, <time datetime="2022-05-17T12:45:00+05:45">12:45</time>' in html
    assert "UTC+5:45" in html


def test_speakers_page_without_speakers(client, conference):
    html = text(client.get(speakers_url(conference)))
    assert "<p>Speakers will be announced.</p>" in html


def test_regions_page_marks_sessions_outside_waking_hours(client, conference):
    SessionFactory(
        conference=conference,
        title="Good hour",
        slug="good",
        starts_at=utc(2022, 5, 17, 7),
        ends_at=utc(2022, 5, 17, 8),
    )
    SessionFactory(
        conference=conference,
        title="Late for Beijing",
        slug="late",
        starts_at=utc(2022, 5, 17, 14, 30),
        ends_at=utc(2022, 5, 17, 15, 30),
    )
    response = client.get(reverse("events:programme_regions", kwargs={"slug": conference.slug}))
    html = text(response)
    assert (
        '<th scope="col">Beijing</th><th scope="col">Moscow</th><th scope="col">Brussels</th>'
        in html
    )
    assert "1 session falls outside these hours somewhere." in html
    assert '<tr id="session-good">' in html
    assert '<tr id="session-late" class="table-warning">' in html
    assert "Outside 08:00-22:00 in: Beijing" in html
    late_row = html[html.index('<tr id="session-late"') :]
    # 22:30-23:30 in Beijing, 17:30 in Moscow, 16:30 in Brussels.
    assert re.findall(r"<td>Tue 17 May, <time[^>]*>(\d\d:\d\d)</time>", late_row) == [
        "22:30",
        "17:30",
        "16:30",
    ]
    assert late_row.count("outside 08:00-22:00</strong>") == 1

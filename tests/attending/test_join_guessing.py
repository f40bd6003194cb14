"""The join endpoint is rate-limited: unknown links (guesses at a token) are counted per
client address, and past JOIN_RATE_LIMIT every join link from that address answers 429
for the hour, right or wrong, so a right guess is not told apart. Right links are not
counted."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from attending import joins
from attending.models import SessionJoin
from events.models import Session
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

ZOOM = "https://zoom.example.org/j/123456"


@pytest.fixture
def online(conference):
    now = timezone.now()
    session = SessionFactory(
        conference=conference,
        format=Session.Format.HYBRID,
        starts_at=now + dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(minutes=95),
    )
    JoinOptionFactory(session=session, platform="zoom", url=ZOOM, order=1)
    return session


def link(session, token):
    return reverse("attending:join", kwargs={"session_id": session.pk, "token": token})


def guess(n):
    return f"{n:032x}{'ab' * 32}"


def test_after_the_unknown_links_allowed_every_link_answers_429(
    client, conference, online, settings
):
    settings.JOIN_RATE_LIMIT = "3/h"
    participant = RegistrationFactory(conference=conference, attendance_mode="online")
    for n in range(3):
        assert client.get(link(online, guess(n))).status_code == 404
    right = client.get(link(online, joins.pass_for(participant).token))
    assert right.status_code == 429
    assert "Too many unknown join links" in right.content.decode()
    assert ZOOM not in right.content.decode()
    assert client.get(link(online, guess(9))).status_code == 429
    slides = reverse("attending:slides", kwargs={"session_id": online.pk, "token": guess(8)})
    assert client.get(slides).status_code == 429
    assert SessionJoin.objects.count() == 0
    elsewhere = client.get(
        link(online, joins.pass_for(participant).token), REMOTE_ADDR="198.51.100.9"
    )
    assert (elsewhere.status_code, elsewhere["Location"]) == (302, ZOOM)


def test_right_links_are_not_counted(client, conference, online, settings):
    settings.JOIN_RATE_LIMIT = "1/h"
    participant = RegistrationFactory(conference=conference, attendance_mode="online")
    for _ in range(4):
        response = client.get(link(online, joins.pass_for(participant).token))
        assert (response.status_code, response["Location"]) == (302, ZOOM)
    assert SessionJoin.objects.count() == 4

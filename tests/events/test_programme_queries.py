"""Query budgets: the programme pages and feeds cost the same at 5 and at 300 sessions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import page_cache
from events.models import Session, Speaker
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Conference, sessions (with room, topic and conference joined), speakers: three queries;
# the feed adds its freshness and the deleted sessions it still announces as cancelled.
# The bound leaves room for a session or auth lookup a middleware might add, but it is the
# same for 5 and for 300 sessions.
BUDGET = 6


def build_programme(size):
    conference = ConferenceFactory(
        slug=f"size-{size}",
        starts_at=dt.datetime(2022, 5, 16, 12, tzinfo=UTC),
        ends_at=dt.datetime(2022, 5, 20, 15, tzinfo=UTC),
    )
    rooms = [RoomFactory(conference=conference) for _ in range(3)]
    topics = [TopicFactory(conference=conference) for _ in range(3)]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {size}-{n}", slug=f"speaker-{size}-{n}", affiliation="TPU")
        for n in range(size * 2)
    )
    everywhere = Speaker.objects.create(name="A speaker in every session", slug="everywhere")
    sessions = Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Session {n}",
            slug=f"session-{n}",
            starts_at=conference.starts_at + dt.timedelta(minutes=20 * n),
            ends_at=conference.starts_at + dt.timedelta(minutes=20 * n + 15),
            room=rooms[n % 3],
            topic=topics[n % 3],
            status=Session.Status.CANCELLED if n % 7 == 0 else Session.Status.SCHEDULED,
        )
        for n in range(size)
    )
    Through = Session.speakers.through
    Through.objects.bulk_create(
        Through(session=session, speaker=speaker)
        for n, session in enumerate(sessions)
        for speaker in (speakers[2 * n], speakers[2 * n + 1], everywhere)
    )
    return conference, sessions


def urls(conference, sessions):
    slug = conference.slug
    return {
        "programme": reverse("events:programme", kwargs={"slug": slug}),
        "programme in Brussels": reverse("events:programme", kwargs={"slug": slug})
        + "?tz=Europe/Brussels",
        "session": sessions[1].get_absolute_url(),
        "speakers": reverse("events:speakers", kwargs={"slug": slug}),
        "regions": reverse("events:programme_regions", kwargs={"slug": slug}),
        "programme.ics": reverse("events:programme_ics", kwargs={"slug": slug}),
        "session.ics": reverse(
            "events:session_ics", kwargs={"slug": slug, "session_slug": sessions[1].slug}
        ),
    }


# Measured on SQLite; identical at both sizes.
EXPECTED = {
    "programme": 3,
    "programme in Brussels": 3,
    "session": 2,
    "speakers": 3,
    "regions": 3,
    "programme.ics": 5,
    "session.ics": 2,
}


@pytest.mark.parametrize("size", [5, 300])
def test_programme_pages_and_feeds_within_budget(client, django_assert_max_num_queries, size):
    conference, sessions = build_programme(size)
    counts = {}
    for name, url in urls(conference, sessions).items():
        with django_assert_max_num_queries(BUDGET, info=name) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    # The same number of queries whatever the size: nothing is fetched per session.
    assert counts == EXPECTED
    # The big programme really lists everything (rendered afresh, not from the page cache).
    page_cache.invalidate_public_pages()
    response = client.get(reverse("events:programme", kwargs={"slug": conference.slug}))
    entries = [entry for day in response.context["programme"].days for entry in day.entries]
    assert len(entries) == size
    speakers = client.get(reverse("events:speakers", kwargs={"slug": conference.slug}))
    assert len(speakers.context["speakers"]) == size * 2 + 1


def test_conditional_feed_request_costs_no_query(client):
    conference, _sessions = build_programme(5)
    url = reverse("events:programme_ics", kwargs={"slug": conference.slug})
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert len(queries) == 0

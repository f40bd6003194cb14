"""Query budgets: the programme pages and feeds cost the same at 5 and at 300 sessions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import page_cache
from tests.events.conftest import EXPECTED, build_programme, urls

pytestmark = pytest.mark.django_db

# Conference, sessions (with room, topic and conference joined), speakers: three queries;
# the feed adds its freshness and the deleted sessions it still announces as cancelled.
# The bound leaves room for a session or auth lookup a middleware might add, but it is the
# same for 5 and for 300 sessions.
BUDGET = 6


@pytest.mark.parametrize("size", [5, 300])
def test_programme_pages_and_feeds_within_budget(client, django_assert_max_num_queries, size):
    conference, sessions = build_programme(size)
    counts = {}
    for name, url in urls(conference, sessions).items():
        # Each as the first page after an organiser's save: nothing kept from another.
        page_cache.invalidate_public_pages()
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


@pytest.mark.parametrize("size", [5, 300])
def test_a_zone_nobody_asked_for_before_costs_one_query(client, django_assert_num_queries, size):
    """The programme's rows are worked out once per content version: a page in a new zone
    (not in the page cache) reads only the conference, whatever the number of sessions."""
    conference, _sessions = build_programme(size)
    url = reverse("events:programme", kwargs={"slug": conference.slug})
    first = client.get(url)
    assert first.status_code == 200
    for zone, offset in [("Asia/Kathmandu", "UTC+5:45"), ("America/St_Johns", "UTC−2:30")]:
        visitor = Client()
        visitor.cookies["programme_tz"] = zone
        with django_assert_num_queries(1):
            response = visitor.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'data-current-zone="{zone}"' in html
        assert html.count(f'<span class="text-body-secondary">{offset}</span>') == size
        assert html.count('<article id="session-') == size
    # A ?tz= choice is rendered afresh (it sets the cookie), from the same rows.
    with django_assert_num_queries(1):
        response = client.get(url, {"tz": "Pacific/Chatham"})
    assert response.content.decode().count('<article id="session-') == size


def test_conditional_feed_request_costs_no_query(client):
    conference, _sessions = build_programme(5)
    url = reverse("events:programme_ics", kwargs={"slug": conference.slug})
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert len(queries) == 0

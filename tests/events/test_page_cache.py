"""Public pages come from the shared cache, and an organiser's save shows at once."""

import datetime as dt
import gzip
import secrets
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from events import page_cache, programme
from events.models import Conference, Goal
from tests.factories import ConferenceFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_without_database_queries(client, django_assert_num_queries):
    conference = ConferenceFactory()
    first = client.get(conference.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(conference.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_saving_the_conference_shows_at_once(client):
    conference = ConferenceFactory(title="Before")
    client.get(conference.get_absolute_url())
    conference.title = "After"
    conference.save()
    assert "After" in client.get(conference.get_absolute_url()).content.decode()


def test_saving_related_content_shows_at_once(client):
    conference = ConferenceFactory()
    client.get(conference.get_absolute_url())
    Goal.objects.create(conference=conference, text="Build bridges between continents")
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Build bridges between continents" in page


def test_changing_session_speakers_invalidates(client, django_assert_max_num_queries):
    conference = ConferenceFactory()
    client.get(conference.get_absolute_url())
    session = SessionFactory(conference=conference)
    client.get(conference.get_absolute_url())
    session.speakers.add(SpeakerFactory())
    with django_assert_max_num_queries(20) as captured:
        client.get(conference.get_absolute_url())
    assert len(captured.captured_queries) > 0, "rendered again, not served stale"


def test_visitors_with_a_session_are_never_served_a_shared_copy(
    admin_client, django_assert_max_num_queries
):
    conference = ConferenceFactory()
    admin_client.get(conference.get_absolute_url())
    with django_assert_max_num_queries(20) as captured:
        admin_client.get(conference.get_absolute_url())
    assert len(captured.captured_queries) > 0


def test_cached_pages_still_carry_security_headers(client):
    conference = ConferenceFactory()
    client.get(conference.get_absolute_url())
    response = client.get(conference.get_absolute_url())
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_contact_form_has_no_per_visitor_token(client):
    conference = ConferenceFactory()
    response = client.get(reverse("events:enquiry", kwargs={"slug": conference.slug}))
    assert 'name="message"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_cached_programme_follows_each_visitors_zone(client):
    conference = ConferenceFactory(
        starts_at=dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 20, 15, 0, tzinfo=dt.UTC),
    )
    SessionFactory(
        conference=conference,
        title="Opening",
        starts_at=dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 16, 13, 0, tzinfo=dt.UTC),
    )
    url = f"/events/{conference.slug}/programme/"
    in_brussels = Client()
    in_brussels.get(url, {"tz": "Europe/Brussels"})
    for _ in range(2):  # the second round comes from the cache
        brussels_page = in_brussels.get(url).content.decode()
        tomsk_page = client.get(url).content.decode()
        brussels_time = '<time datetime="2030-05-16T14:00:00+02:00">14:00</time>'
        tomsk_time = '<time datetime="2030-05-16T19:00:00+07:00">19:00</time>'
        assert brussels_time in brussels_page
        assert tomsk_time in tomsk_page
        # The Brussels page gives the event's own time as plain text beside, never as the
        # visitor's time.
        assert tomsk_time not in brussels_page
        assert brussels_time not in tomsk_page


def test_a_hit_costs_no_round_trip_to_the_shared_cache(client, monkeypatch):
    conference = ConferenceFactory()
    first = client.get(conference.get_absolute_url())
    shared_reads = []
    shared = caches["default"]
    original_get = shared.get
    monkeypatch.setattr(
        shared, "get", lambda *a, **k: shared_reads.append(a) or original_get(*a, **k)
    )
    second = client.get(conference.get_absolute_url())
    assert second.content == first.content
    assert shared_reads == []


def test_a_save_on_another_server_shows_here_within_a_second(client, monkeypatch):
    conference = ConferenceFactory(title="Before")
    client.get(conference.get_absolute_url())
    # Another app server saves: the shared version rises, this process's memo does not know.
    Conference.objects.filter(pk=conference.pk).update(title="After")
    caches["default"].incr(page_cache.VERSION_KEY)
    assert "Before" in client.get(conference.get_absolute_url()).content.decode()
    later = time.monotonic() + page_cache.VERSION_MEMO_SECONDS + 0.1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert "After" in client.get(conference.get_absolute_url()).content.decode()


def test_a_new_process_takes_pages_from_the_shared_cache(client, django_assert_num_queries):
    conference = ConferenceFactory()
    first = client.get(conference.get_absolute_url())
    caches["process"].clear()
    page_cache.forget_version()
    with django_assert_num_queries(0):
        second = client.get(conference.get_absolute_url())
    assert second.content == first.content


def test_the_programme_feed_is_built_once_and_keeps_its_headers(
    client, django_assert_max_num_queries
):
    """Its body and its ETag come from the cache until organisers change something."""
    conference = SessionFactory().conference
    url = f"/events/{conference.slug}/programme.ics"
    first = client.get(url)
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    for header in ("Content-Type", "Content-Disposition", "ETag", "Cache-Control"):
        assert second[header] == first[header]


def test_browsers_get_the_cached_page_gzipped(client):
    conference = ConferenceFactory(title="Bridge")
    plain = client.get(conference.get_absolute_url())
    zipped = client.get(conference.get_absolute_url(), headers={"accept-encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    assert "Content-Encoding" not in plain


def test_a_gzipped_feed_carries_a_weak_etag_that_still_answers_304(client):
    conference = SessionFactory().conference
    url = f"/events/{conference.slug}/programme.ics"
    zipped = client.get(url, headers={"accept-encoding": "gzip"})
    assert zipped["ETag"].startswith('W/"')
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]})
    assert again.status_code == 304


def test_a_moved_session_changes_the_feed_etag_at_once(client):
    session = SessionFactory()
    url = f"/events/{session.conference.slug}/programme.ics"
    etag = client.get(url)["ETag"]
    session.starts_at -= dt.timedelta(minutes=30)
    session.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


# --- What a cached page is keyed on ---------------------------------------------------


def stored_pages():
    """Entries in the shared cache and in this process's copy (Django's LocMemCache, which
    the tests use for both, keeps them in `_cache`)."""
    return len(caches["default"]._cache), len(caches["process"]._cache)


def test_random_query_strings_make_no_new_cache_entries(client, django_assert_num_queries):
    conference = SessionFactory().conference
    urls = [
        conference.get_absolute_url(),
        f"/events/{conference.slug}/programme/",
        f"/events/{conference.slug}/programme.ics",
        f"/events/{conference.slug}/speakers/",
        "/events/",
    ]
    first = {url: client.get(url).content for url in urls}
    stored = stored_pages()
    with django_assert_num_queries(0):
        for n in range(400):
            url = urls[n % len(urls)]
            response = client.get(url, {f"q{n}": secrets.token_hex(8), "utm_source": n})
            assert response.content == first[url]
    assert stored_pages() == stored


def test_random_zone_cookies_make_no_new_cache_entries(client):
    """An unknown zone in the cookie shows the event's zone: the same entry serves it."""
    conference = SessionFactory().conference
    url = f"/events/{conference.slug}/programme/"
    event_zone_page = client.get(url).content
    stored = stored_pages()
    for _ in range(50):
        visitor = Client()
        visitor.cookies["programme_tz"] = secrets.token_hex(8)
        assert visitor.get(url).content == event_zone_page
    assert stored_pages() == stored


def test_unknown_zones_asked_for_make_no_cache_entries(client):
    conference = SessionFactory().conference
    url = f"/events/{conference.slug}/programme/"
    client.get(url)
    stored = stored_pages()
    for _ in range(50):
        response = Client().get(url, {"tz": f"Mars/{secrets.token_hex(4)}"})
        assert "is not a time zone we know" in response.content.decode()
    assert stored_pages() == stored


def test_choosing_a_zone_is_never_answered_from_another_zones_copy(client):
    conference = ConferenceFactory(
        starts_at=dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 20, 15, 0, tzinfo=dt.UTC),
    )
    SessionFactory(
        conference=conference,
        starts_at=dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 16, 13, 0, tzinfo=dt.UTC),
    )
    url = f"/events/{conference.slug}/programme/"
    in_tomsk = client.get(url).content.decode()  # cached for the event's zone
    chosen = client.get(url, {"tz": "Europe/Brussels"})
    assert "19:00" in in_tomsk
    assert "14:00" in chosen.content.decode()
    assert chosen.cookies["programme_tz"].value == "Europe/Brussels"
    # The cookie now names Brussels: its own entry, not the event zone's.
    assert "14:00" in client.get(url).content.decode()
    cleared = client.get(url, {"tz": ""})
    assert "19:00" in cleared.content.decode()
    assert cleared.cookies["programme_tz"].value == ""


def test_with_the_page_cache_off_every_visit_renders(client, settings, django_assert_num_queries):
    """PUBLIC_PAGE_CACHE=False, for measuring what an uncached page costs (make bench)."""
    settings.PUBLIC_PAGE_CACHE = False
    conference = SessionFactory().conference
    url = f"/events/{conference.slug}/programme/"
    first = client.get(url)
    stored = stored_pages()
    # The conference; the programme's rows are not a page, and are kept per content
    # version all the same (events.page_cache.remember_in_process).
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content
    assert stored_pages() == stored
    assert stored[1] == 0, "no page kept in this process"
    # Saved content is rendered afresh all the same.
    session = conference.sessions.get()
    session.title = "A title saved after the first visit"
    programme.save_session(session=session)
    # The conference, its sessions, their speakers; its look (branding.services.theme_for).
    with django_assert_num_queries(4):
        third = client.get(url)
    assert "A title saved after the first visit" in third.content.decode()


def test_a_page_cached_before_the_organisers_save_commits_is_dropped_at_the_commit(
    django_capture_on_commit_callbacks,
):
    scope = page_cache.conference_scope("bridge-2030")
    with django_capture_on_commit_callbacks(execute=True):
        ConferenceFactory(slug="bridge-2030")
        # Another request could cache a page of the old rows now, under this version.
        version_before_the_commit = page_cache.scope_version(scope)
    page_cache.forget_version()
    assert page_cache.scope_version(scope) != version_before_the_commit

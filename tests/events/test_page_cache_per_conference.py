"""The page cache is versioned per conference: editing one conference (or anything it owns)
empties its own pages and the lists, never another conference's pages."""

import pytest
from django.core.cache import caches

from events import page_cache
from events.models import Goal, Organisation
from tests.factories import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(client):
    first = ConferenceFactory(title="Bridge 2022", slug="bridge-2022")
    second = ConferenceFactory(title="Delta 2027", slug="delta-2027")
    for conference in (first, second):
        client.get(conference.get_absolute_url())
        client.get(f"{conference.get_absolute_url()}programme/")
    return first, second


def test_editing_one_conference_keeps_the_others_cached_pages(
    client, two, django_assert_num_queries
):
    first, second = two
    first.title = "Bridge 2022, renamed"
    first.save()

    with django_assert_num_queries(0):
        kept = client.get(second.get_absolute_url())
        kept_programme = client.get(f"{second.get_absolute_url()}programme/")
    assert kept.status_code == kept_programme.status_code == 200
    assert "Bridge 2022, renamed" in client.get(first.get_absolute_url()).content.decode()


def test_saving_what_a_conference_owns_empties_only_its_pages(
    client, two, django_assert_num_queries
):
    first, second = two
    Goal.objects.create(conference=first, text="Reach every continent")
    SessionFactory(conference=first, title="A new session")

    with django_assert_num_queries(0):
        client.get(second.get_absolute_url())
    assert "Reach every continent" in client.get(first.get_absolute_url()).content.decode()


def test_the_lists_show_every_conferences_change(client, two):
    first, _second = two
    client.get("/events/")
    first.title = "Bridge 2022, renamed"
    first.save()
    assert "Bridge 2022, renamed" in client.get("/events/").content.decode()


def test_shared_content_empties_every_conferences_pages(client, two, django_assert_max_num_queries):
    _first, second = two
    Organisation.objects.create(name="A partner of both")
    with django_assert_max_num_queries(30) as captured:
        client.get(second.get_absolute_url())
    assert captured.captured_queries, "rendered again: an organisation may show on any page"


def test_the_cache_keys_carry_the_conferences_own_version(two):
    first, second = two
    before = {
        slug: page_cache.scope_version(page_cache.conference_scope(slug))
        for slug in (first.slug, second.slug)
    }
    first.save()
    page_cache.forget_version()
    after = {
        slug: page_cache.scope_version(page_cache.conference_scope(slug))
        for slug in (first.slug, second.slug)
    }
    assert after[first.slug] > before[first.slug]
    assert after[second.slug] == before[second.slug]


def test_a_made_up_slug_leaves_no_version_in_the_shared_cache(client):
    assert client.get("/events/no-such-conference/").status_code == 404
    key = page_cache.SCOPE_VERSION_KEY.format(
        scope=page_cache.conference_scope("no-such-conference")
    )
    assert caches["default"].get(key) is None

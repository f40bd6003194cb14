"""A page whose content versions a process must look up again asks the shared cache for both
(the site's and its conference's) in one round trip: with the default set-up, a table in the
database, one query (issue 18: a cold programme page)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from events import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "page_cache_round_trips",
        },
    }
    call_command("createcachetable", "page_cache_round_trips", verbosity=0)
    page_cache.forget_version()
    return caches["default"]


def test_both_versions_in_one_query(database_cache, django_assert_num_queries):
    page_cache.content_version()  # the site's version exists, as on a running site
    page_cache.forget_version()
    with django_assert_num_queries(1):
        assert page_cache._versions("tomorrow") == "1:0"
    # Within the memo's second, none at all.
    with django_assert_num_queries(0):
        assert page_cache._versions("tomorrow") == "1:0"


def test_the_versions_fetched_together_are_the_current_ones(database_cache):
    page_cache.content_version()
    page_cache.invalidate_conference_pages(["tomorrow"])
    page_cache.invalidate_conference_pages(["tomorrow"])
    page_cache.invalidate_public_pages()
    page_cache.forget_version()
    assert page_cache._versions("tomorrow") == "2:2"
    assert page_cache._versions(None) == "2:2"  # the lists were raised with it
    assert page_cache._versions("another") == "2:0"  # another conference's pages stay


def test_a_site_without_a_version_yet_starts_at_one(database_cache):
    assert database_cache.get(page_cache.VERSION_KEY) is None
    assert page_cache._versions("tomorrow") == "1:0"
    assert database_cache.get(page_cache.VERSION_KEY) == 1

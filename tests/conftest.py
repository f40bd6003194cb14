import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from events import page_cache
from tests.factories import prove_second_factor


def pytest_runtest_setup(item):
    """Tests marked `postgres` need a real PostgreSQL; on SQLite they say so and skip."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL, this run uses {connection.vendor}: "
            "set DATABASE_URL=postgres://... (.ci/run does)"
        )


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """Every test starts in the default language, as a command or a worker does. A request to
    /ru/... leaves Russian active in the thread, and a factory called next would fill the
    Russian columns of translated fields (events/translation.py) instead of the English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    for each in caches.all():
        each.clear()
    page_cache.forget_version()
    yield
    for each in caches.all():
        each.clear()
    page_cache.forget_version()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to /ru/... leaves Russian active in the thread (LocaleMiddleware never
    switches back); each test starts in the default language, as a new request would."""
    from django.conf import settings

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests run with DEBUG off but without collectstatic, so hashed names have no manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Private files (invitations, slides, badge PDFs) go to a fresh folder per test, never
    the developer's private/ (conference_site/storage.py reads the setting on each use)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _force_login_proves_second_factor(monkeypatch):
    """force_login (and admin_client, which uses it) stands for a whole sign-in: the password
    and the second factor, proved just now (tests/factories.prove_second_factor). Tests of
    the second factor itself sign in through the pages (tests/mfa/)."""
    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        prove_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


def pytest_configure(config):
    """whitenoise looks for collected static files when each test's handler starts; the
    folder is empty in tests (collectstatic is a release step), but it must exist."""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(exist_ok=True)


def at_once(calls):
    """Runs each callable in its own thread, all released at the same moment. Returns
    their results (or the exception each raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # collected and asserted on below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results

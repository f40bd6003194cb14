"""Gunicorn serving the site as production does, on the test database (PostgreSQL): the
collected static files, a server started and stopped around a block, a visitor with its own
cookies, and an upcoming conference open for registration."""

import contextlib
import datetime as dt
import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from tests.factories import ConferenceFactory

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
RATE_LIMIT = 3


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{urllib.parse.quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )


@pytest.fixture(scope="module")
def collected_static():
    """Production serves collected, hash-named static files: collect them as a release does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "False",
            "SECRET_KEY": settings.SECRET_KEY,
            "VISA_ENCRYPTION_KEYS": ",".join(settings.VISA_ENCRYPTION_KEYS),
        },
        check=True,
        timeout=300,
    )
    assert (BASE_DIR / "staticfiles" / "staticfiles.json").exists()


@contextlib.contextmanager
def gunicorn(port, site_url, cache_url="dbcache://django_cache", trusted_proxies=0):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "conference_site.settings",
        "DEBUG": "False",
        # Both servers share the secret, as every app server of a deployment does.
        "SECRET_KEY": settings.SECRET_KEY,
        "VISA_ENCRYPTION_KEYS": ",".join(settings.VISA_ENCRYPTION_KEYS),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": site_url,
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "CACHE_URL": cache_url,
        "FORM_RATE_LIMIT": f"{RATE_LIMIT}/h",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "TRUSTED_PROXIES": "127.0.0.1" if trusted_proxies else "",
    }
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "conference_site.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn on port {port} exited"
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    assert response.read() == b"ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, f"gunicorn on port {port} never answered"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser's cookies, talking to whichever server the load balancer picks."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as resp:
                return resp.status, resp.headers, resp.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form_token(self, url):
        status, _, page = self.request(url)
        assert status == 200, page
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def registration_data(token, email):
    return {
        "csrfmiddlewaretoken": token,
        "attendance_mode": "online",
        "given_name": "Li",
        "family_name": "Wei",
        "email": email,
        "institution": "Harbin Institute of Technology",
        "country": "CN",
        "privacy_consent": "on",
        "website_url": "",
    }


SHARED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}


@pytest.fixture
def conference(transactional_db, collected_static):
    """An upcoming hybrid conference open for registration, and the shared cache's table."""
    with override_settings(CACHES=SHARED_CACHE):
        call_command("createcachetable", verbosity=0)
    starts = timezone.now() + dt.timedelta(days=60)
    yield ConferenceFactory(slug="scaling", starts_at=starts, ends_at=starts + dt.timedelta(days=3))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")

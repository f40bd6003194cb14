"""Security headers, deployment checks, admin lockout and the shared cache behind rate limits."""

import datetime as dt
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from events.spam import is_over_rate_limit
from tests.conftest import BASE_DIR, production_env, run_django
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


# Pages anyone can reach, plus the admin login (its own headers matter as much).
HEADER_URLS = [
    "events:home",
    "events:conference_list",
    "registration:privacy",
    "healthz",
    "robots_txt",
    "admin:login",
]


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url_name", HEADER_URLS)
def test_content_security_policy_allows_only_own_scripts_and_styles(client, url_name):
    response = client.get(reverse(url_name))

    directives = csp_directives(response)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.parametrize("url_name", HEADER_URLS)
def test_security_headers_on_every_response(client, url_name):
    response = client.get(reverse(url_name), secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(
        part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "geolocation", "microphone", "payment", "usb"):
        assert permissions[feature] == "()"


def test_plain_http_gets_no_hsts(client):
    """HSTS is only meaningful over HTTPS; browsers ignore it on plain HTTP."""
    response = client.get(reverse("healthz"))

    assert "Strict-Transport-Security" not in response.headers


def test_check_deploy_with_production_settings_gives_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_django("", env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_redirects_to_https_and_uses_secure_cookies():
    result = run_django(
        "from django.conf import settings as s\n"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)",
        production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_rate_limits_share_one_cache_and_lockouts_live_in_the_database():
    """Every app process sees the same rate-limit counts and lockouts."""
    result = run_django(
        "from django.conf import settings as s\n"
        "print(s.CACHES['default']['BACKEND'])\n"
        "print(s.RATELIMIT_USE_CACHE)\n"
        "print(s.AXES_HANDLER)",
        production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "django.core.cache.backends.db.DatabaseCache",
        "default",
        "axes.handlers.database.AxesDatabaseHandler",
    ]


def test_rate_limit_counts_per_address_across_requests(settings):
    settings.FORM_RATE_LIMIT = "3/h"
    factory = RequestFactory()

    def attempt(address):
        request = factory.post("/", REMOTE_ADDR=address)
        return is_over_rate_limit(request, group="security-test")

    assert [attempt("192.0.2.1") for _ in range(4)] == [False, False, False, True]
    assert attempt("192.0.2.2") is False


@pytest.fixture
def organiser(db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password="correct horse battery"
    )


def test_admin_login_locks_out_after_repeated_failures(client, organiser):
    login_url = reverse("admin:login")
    wrong = {"username": "organiser", "password": "wrong password", "next": "/admin/"}

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login_url, wrong)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    locked = client.post(login_url, wrong)

    assert settings.AXES_FAILURE_LIMIT == 5
    assert locked.status_code == 429
    assert "Account locked" in locked.text
    assert "locked for an hour" in locked.text
    # Even the right password is refused while the lock holds.
    right = client.post(
        login_url,
        {"username": "organiser", "password": "correct horse battery", "next": "/admin/"},
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_below_the_failure_limit(client, organiser):
    login_url = reverse("admin:login")
    client.post(login_url, {"username": "organiser", "password": "wrong", "next": "/admin/"})

    response = client.post(
        login_url,
        {"username": "organiser", "password": "correct horse battery", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_attendees_personal_data_never_appears_on_public_pages(client):
    starts = timezone.now() + dt.timedelta(days=30)
    conference = ConferenceFactory(starts_at=starts, ends_at=starts + dt.timedelta(days=2))
    hidden = RegistrationFactory(
        conference=conference,
        given_name="Zhiyuan",
        family_name="Secretfamily",
        email="zhiyuan.private@example.cn",
        institution="Hidden Institute of Technology",
        list_publicly=False,
    )
    listed = RegistrationFactory(
        conference=conference,
        given_name="Ingrid",
        family_name="Openfamily",
        email="ingrid.listed@example.se",
        institution="Listed Institute of Technology",
        list_publicly=True,
    )
    participants_url = reverse("registration:participants", kwargs={"slug": conference.slug})
    public_urls = [
        participants_url,
        reverse("events:home"),
        reverse("events:conference_list"),
        conference.get_absolute_url(),
        reverse("events:conference_calendar", kwargs={"slug": conference.slug}),
        reverse("events:programme", kwargs={"slug": conference.slug}),
        reverse("events:programme_ics", kwargs={"slug": conference.slug}),
        reverse("events:speakers", kwargs={"slug": conference.slug}),
        reverse("registration:register", kwargs={"slug": conference.slug}),
        reverse("django.contrib.sitemaps.views.sitemap"),
    ]

    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert conference.title in text or url.endswith(".xml"), url
        for secret in (hidden.family_name, hidden.email, hidden.institution, "manage/"):
            assert secret not in text, (url, secret)
        # Whoever opted in shows on the participant list, never with the email address.
        assert listed.email not in text, url
    participants = client.get(participants_url).content.decode()
    assert "Ingrid Openfamily" in participants
    assert "Listed Institute of Technology" in participants

"""X-Forwarded-Proto says the client spoke HTTPS; it is believed only from TRUSTED_PROXIES.
Anyone reaching gunicorn directly who sends it is taken as plain HTTP (redirected to HTTPS,
request.is_secure() false)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGE = "/"


@pytest.fixture(autouse=True)
def _behind_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:ffff::/48"]


@pytest.mark.parametrize("proxy", ["10.0.0.7", "2001:db8:ffff::2", "::ffff:10.0.0.7"])
def test_the_proxy_is_believed(proxy):
    response = Client(REMOTE_ADDR=proxy).get(PAGE, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.wsgi_request.is_secure() is True


@pytest.mark.parametrize("peer", ["203.0.113.5", "10.0.1.7", "2001:db8::1", "", "nonsense"])
def test_anyone_else_is_not(peer):
    response = Client(REMOTE_ADDR=peer).get(PAGE, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{PAGE}"
    assert response.wsgi_request.is_secure() is False
    assert "HTTP_X_FORWARDED_PROTO" not in response.wsgi_request.META


def test_no_proxies_listed_believes_no_one(settings):
    settings.TRUSTED_PROXIES = []
    response = Client(REMOTE_ADDR="10.0.0.7").get(PAGE, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301


def test_the_proxy_saying_http_is_redirected():
    response = Client(REMOTE_ADDR="10.0.0.7").get(PAGE, HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301


def settings_error(**env):
    """What importing the settings says under this environment (a fresh interpreter)."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import conference_site.settings"],
        env={**os.environ, "DEBUG": "True", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr.strip().splitlines()[-1:] or [""]


def test_behind_a_tls_proxy_needs_the_proxies_listed():
    assert settings_error(BEHIND_TLS_PROXY="True", TRUSTED_PROXIES="") == (
        1,
        [
            "django.core.exceptions.ImproperlyConfigured: BEHIND_TLS_PROXY needs the proxies' "
            "addresses in TRUSTED_PROXIES."
        ],
    )
    assert settings_error(BEHIND_TLS_PROXY="True", TRUSTED_PROXIES="10.0.0.1")[0] == 0

"""The admin login lockout: keyed by username and client address together, the client
address read as the public forms read it, and kept where no cache flood can evict it."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOAD_BALANCER = "10.0.0.1"
PASSWORDS = {"anna": "anna's correct horse", "boris": "boris's battery staple"}


@pytest.fixture
def organisers(db):
    User = get_user_model()
    return {
        username: User.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        for username, password in PASSWORDS.items()
    }


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = [LOAD_BALANCER]


def browser(address):
    """A browser whose requests reach the app through the load balancer."""
    return Client(REMOTE_ADDR=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=address)


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def lock_out(client, username):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, username, "a wrong guess")
    assert response.status_code == 429
    assert "Account locked" in response.text


def assert_logged_in(client, response, user):
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(user.pk)


def assert_locked(client, response):
    assert response.status_code == 429
    assert "Account locked" in response.text
    assert "_auth_user_id" not in client.session


def test_one_organiser_locked_behind_the_proxy_leaves_another_free(organisers, behind_one_proxy):
    anna, boris = browser("198.51.100.7"), browser("203.0.113.9")
    lock_out(anna, "anna")

    assert_logged_in(boris, log_in(boris, "boris", PASSWORDS["boris"]), organisers["boris"])
    assert_locked(anna, log_in(anna, "anna", PASSWORDS["anna"]))


def test_a_locked_username_is_locked_from_that_address_only(organisers, behind_one_proxy):
    guesser, anna_at_her_desk = browser("198.51.100.66"), browser("198.51.100.7")
    lock_out(guesser, "anna")

    assert_locked(guesser, log_in(guesser, "anna", PASSWORDS["anna"]))
    assert_logged_in(
        anna_at_her_desk,
        log_in(anna_at_her_desk, "anna", PASSWORDS["anna"]),
        organisers["anna"],
    )


def test_another_username_from_the_locked_address_can_still_log_in(organisers, behind_one_proxy):
    shared_office = browser("198.51.100.7")
    lock_out(shared_office, "anna")

    assert_logged_in(
        shared_office, log_in(shared_office, "boris", PASSWORDS["boris"]), organisers["boris"]
    )


def test_an_untrusted_forwarded_address_does_not_split_the_lockout(organisers, settings):
    """Without a trusted proxy, X-Forwarded-For is the visitor's own text: a guesser who
    changes it on every attempt is still one address."""
    settings.TRUSTED_PROXIES = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = browser(f"192.0.2.{attempt}").post(
            reverse("admin:login"), {"username": "anna", "password": "wrong", "next": "/admin/"}
        )
    assert response.status_code == 429

    anna = browser("198.51.100.7")
    assert_locked(anna, log_in(anna, "anna", PASSWORDS["anna"]))


def test_a_forwarded_value_that_is_no_address_is_a_login_page_not_an_error(
    organisers, behind_one_proxy
):
    forged = browser("not-an-address")
    response = log_in(forged, "anna", "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text

    lock_out(forged, "anna")
    # Counted against the load balancer's own address, the only one known.
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("anna", LOAD_BALANCER)
    ]


def test_a_lockout_survives_the_cache_losing_every_entry(organisers, behind_one_proxy):
    anna = browser("198.51.100.7")
    lock_out(anna, "anna")

    # 400 requests with random query strings evicted entries from the 300-entry cache;
    # here the cache loses all of them.
    for each in caches.all():
        each.clear()

    assert_locked(anna, log_in(anna, "anna", PASSWORDS["anna"]))


def test_only_failed_attempts_are_kept_not_a_log_of_every_login(organisers, behind_one_proxy):
    anna = browser("198.51.100.7")
    log_in(anna, "anna", "a wrong guess")
    assert_logged_in(anna, log_in(anna, "anna", PASSWORDS["anna"]), organisers["anna"])

    assert list(AccessLog.objects.all()) == []
    assert list(
        AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")
    ) == [("anna", "198.51.100.7", 1)]


def test_an_ipv6_client_behind_the_proxy_is_counted_at_its_own_address(
    organisers, behind_one_proxy
):
    anna = browser("2001:db8:1::7")
    log_in(anna, "anna", "a wrong guess")

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("anna", "2001:db8:1::7")
    ]

"""The client address every part of the site uses (events.spam.client_address: rate limits,
the login lockout, the record of actions): X-Forwarded-For is believed only when the
connecting address is one of our own proxies (TRUSTED_PROXIES), and then only up to the
first hop that is not one of them. Reached directly, the app ignores the header."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from conference_site.lockout import client_address as lockout_address
from events.spam import client_address, is_over_rate_limit

LOAD_BALANCER = "10.0.0.1"


def request_from(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:ffff::/48"]


def test_a_direct_client_cannot_choose_its_address(behind_proxies):
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert lockout_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from(LOAD_BALANCER, "198.51.100.1")) == LOAD_BALANCER


def test_through_the_proxy_the_forwarded_client_is_used(behind_proxies):
    assert client_address(request_from(LOAD_BALANCER, "198.51.100.1")) == "198.51.100.1"


def test_a_forged_hop_before_the_real_client_is_not_believed(behind_proxies):
    # The visitor sent "X-Forwarded-For: 192.0.2.66"; the proxy appended what it saw.
    request = request_from(LOAD_BALANCER, "192.0.2.66, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


def test_a_chain_of_our_own_proxies_is_walked_through(behind_proxies):
    request = request_from(LOAD_BALANCER, "198.51.100.1, 10.0.0.7, 2001:db8:ffff::3")
    assert client_address(request) == "198.51.100.1"


def test_an_ipv4_mapped_peer_is_the_ipv4_proxy(behind_proxies):
    assert client_address(request_from("::ffff:10.0.0.1", "198.51.100.1")) == "198.51.100.1"


def test_a_proxy_sending_no_header_is_the_client(behind_proxies):
    assert client_address(request_from(LOAD_BALANCER)) == LOAD_BALANCER
    assert client_address(request_from(LOAD_BALANCER, " , ")) == LOAD_BALANCER


def test_a_garbage_hop_is_no_address_for_the_lockout(behind_proxies):
    request = request_from(LOAD_BALANCER, "not-an-address")
    assert client_address(request) == "not-an-address"
    assert lockout_address(request) == LOAD_BALANCER


@pytest.mark.django_db
def test_a_direct_client_changing_the_header_is_still_one_client_for_the_rate_limit(
    settings, behind_proxies
):
    settings.ENQUIRY_RATE_LIMIT = "2/h"
    requests = [
        RequestFactory().post("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(3)
    ]
    assert [is_over_rate_limit(r, group="enquiry") for r in requests] == [False, False, True]


@pytest.mark.django_db
def test_a_direct_client_changing_the_header_is_still_one_client_for_the_lockout(
    settings, behind_proxies
):
    get_user_model().objects.create_superuser(
        username="anna", email="anna@example.org", password="correct horse battery"
    )
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}").post(
            reverse("admin:login"), {"username": "anna", "password": "wrong", "next": "/admin/"}
        )

    response = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.200").post(
        reverse("admin:login"),
        {"username": "anna", "password": "correct horse battery", "next": "/admin/"},
    )
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()

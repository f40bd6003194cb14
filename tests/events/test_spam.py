"""The per-client limits on the public forms: a whole university behind one NAT address
can register its people; an IPv6 client is one client across its /64; enquiries stay few."""

import pytest
from django.test import RequestFactory

from events.spam import is_over_rate_limit

pytestmark = pytest.mark.django_db


def attempts(group, addresses, **meta):
    factory = RequestFactory()
    return [
        is_over_rate_limit(factory.post("/", REMOTE_ADDR=address, **meta), group=group)
        for address in addresses
    ]


def test_two_hundred_registrations_from_one_nat_address_in_an_hour(settings):
    assert settings.FORM_RATE_LIMIT == "300/h"

    refused = attempts("registration", ["192.0.2.1"] * 300)
    assert refused == [False] * 300
    assert attempts("registration", ["192.0.2.1"]) == [True]


def test_enquiries_stay_at_ten_an_hour(settings):
    assert settings.ENQUIRY_RATE_LIMIT == "10/h"

    assert attempts("enquiry", ["192.0.2.1"] * 11) == [False] * 10 + [True]


def test_ipv6_counts_by_64_network(settings):
    settings.FORM_RATE_LIMIT = "3/h"
    same_64 = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:DB8:1:2::abcd"]

    assert attempts("registration", same_64) == [False, False, False]
    assert attempts("registration", ["2001:db8:1:2:1::1"]) == [True]
    assert attempts("registration", ["2001:db8:1:3::1"]) == [False]
    # Separate IPv4 clients are still separate.
    assert attempts("registration", ["192.0.2.1", "192.0.2.2"]) == [False, False]


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_client(settings):
    settings.FORM_RATE_LIMIT = "2/h"

    assert attempts("registration", ["192.0.2.7", "::ffff:192.0.2.7", "192.0.2.7"]) == [
        False,
        False,
        True,
    ]


def test_behind_the_proxy_the_forwarded_client_is_counted(settings):
    settings.FORM_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    forwarded = {"HTTP_X_FORWARDED_FOR": "2001:db8:5:6::1"}

    assert attempts("registration", ["10.0.0.1", "10.0.0.2"], **forwarded) == [False, True]

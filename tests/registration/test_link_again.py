"""Posting the form again with a registered address sends the link again, but one address
gets at most 3 such mails an hour, however many posts ask, and however the cache is
flooded meanwhile."""

import pytest
from django.core import mail
from django.core.cache import caches

from tests.factories import RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


def test_a_registered_address_gets_at_most_three_links_an_hour(browser, conference):
    RegistrationFactory(conference=conference, email="anna.ivanova@tpu.ru")

    responses = []
    for n in range(6):
        responses.append(browser.post(REGISTER, form_data(), REMOTE_ADDR=f"192.0.2.{n}"))
        caches["default"].clear()  # a flood of cache writes evicts nothing that matters

    # Every post gets the same answer, so it tells nobody whether the address is registered.
    assert [r["Location"] for r in responses] == ["/events/bridge-continents/register/sent/"] * 6
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["anna.ivanova@tpu.ru"],
            "[Science and Technology Bridge Continents] Your registration link",
        )
    ] * 3


def test_the_cap_counts_each_address_on_its_own(browser, conference):
    RegistrationFactory(conference=conference, email="anna.ivanova@tpu.ru")
    RegistrationFactory(conference=conference, email="li.wei@example.cn")
    for _ in range(4):
        browser.post(REGISTER, form_data(email="anna.ivanova@tpu.ru"))

    browser.post(REGISTER, form_data(email="LI.WEI@example.cn"))

    assert [m.to for m in mail.outbox] == [["anna.ivanova@tpu.ru"]] * 3 + [["li.wei@example.cn"]]


def test_an_unconfirmed_address_is_sent_its_confirmation_link_again_within_the_cap(
    browser, conference
):
    browser.post(REGISTER, form_data())
    for _ in range(5):
        browser.post(REGISTER, form_data())

    subjects = [m.subject.split("] ")[1] for m in mail.outbox]
    assert subjects == ["Please confirm your email address"] * 4  # the first and 3 again

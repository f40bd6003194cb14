"""The invitation-code check is not an oracle to run at will: wrong codes are counted per
client address, and past INVITATION_CODE_RATE_LIMIT no code is looked up (429), so a right
guess looks like every other answer. Right codes are not counted."""

import pytest
from django.core import mail

from registration.models import Registration
from tests.factories import InvitationCodeFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"
WRONG = "This code is not valid for this conference, or it has expired."
TOO_MANY = "Too many invitation codes were tried from your network. Please try later."


def code_errors(response):
    return response.context["form"].errors.get("invitation_code", [])


def test_after_the_wrong_codes_allowed_even_the_right_one_is_not_looked_up(
    browser, conference, settings
):
    settings.INVITATION_CODE_RATE_LIMIT = "3/h"
    InvitationCodeFactory(conference=conference, code="BRIDGE-2022", max_uses=10)
    for n in range(3):
        response = browser.post(
            REGISTER, form_data(email=f"g{n}@example.com", invitation_code=f"GUESS-{n}")
        )
        assert (response.status_code, code_errors(response)) == (200, [WRONG])
    response = browser.post(
        REGISTER, form_data(email="g9@example.com", invitation_code="BRIDGE-2022")
    )
    assert response.status_code == 429
    assert code_errors(response) == [TOO_MANY]
    wrong = browser.post(REGISTER, form_data(email="g8@example.com", invitation_code="GUESS-9"))
    assert (wrong.status_code, code_errors(wrong)) == (429, [TOO_MANY])
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_another_client_address_is_counted_apart(browser, conference, settings):
    settings.INVITATION_CODE_RATE_LIMIT = "1/h"
    InvitationCodeFactory(conference=conference, code="BRIDGE-2022", max_uses=10)
    browser.post(REGISTER, form_data(invitation_code="GUESS"), REMOTE_ADDR="203.0.113.7")
    blocked = browser.post(
        REGISTER, form_data(invitation_code="BRIDGE-2022"), REMOTE_ADDR="203.0.113.7"
    )
    assert blocked.status_code == 429
    other = browser.post(
        REGISTER, form_data(invitation_code="BRIDGE-2022"), REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302
    assert Registration.objects.get().invitation.code == "BRIDGE-2022"


def test_right_codes_and_no_code_are_not_counted(browser, conference, settings):
    settings.INVITATION_CODE_RATE_LIMIT = "1/h"
    InvitationCodeFactory(conference=conference, code="BRIDGE-2022", max_uses=10)
    for n in range(3):
        response = browser.post(
            REGISTER, form_data(email=f"guest{n}@example.com", invitation_code="bridge-2022")
        )
        assert response.status_code == 302
    assert browser.post(REGISTER, form_data(email="plain@example.com")).status_code == 302
    assert Registration.objects.count() == 4

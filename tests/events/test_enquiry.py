import re

import pytest
from django.core import mail

from events.models import Enquiry
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Anna Ivanova",
    "email": "anna@example.ru",
    "organisation": "Tomsk State University",
    "message": "Will the sessions be recorded for later viewing?",
    "consent": "on",
}


@pytest.fixture
def conference():
    return ConferenceFactory(contact_email="bridge@tpu.ru")


def post(client, conference, data, **extra):
    return client.post(f"/events/{conference.slug}/enquiry/", data, **extra)


def test_valid_enquiry_is_stored_mailed_and_confirmed(
    client, conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, conference, VALID, follow=True)
    assert response.redirect_chain == [(f"/events/{conference.slug}/enquiry/sent/", 302)]
    assert "Thank you. Your request has been sent to the organisers." in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.email, enquiry.consent) == (
        "Anna Ivanova",
        "anna@example.ru",
        True,
    )
    assert [m.to for m in mail.outbox] == [["bridge@tpu.ru"]]


def test_missing_fields_get_field_errors_and_keep_what_was_typed(client, conference):
    response = post(client, conference, {"name": "Anna", "email": "not-an-email", "message": "Hi"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["email"] == ["Enter a valid email address."]
    assert form.errors["consent"] == ["Please agree so that we may store and answer your message."]
    assert form.errors["message"] == ["Please write at least a sentence so we can help."]
    assert 'value="Anna"' in response.content.decode()
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_overlong_input_is_a_field_error_not_a_crash(client, conference):
    response = post(client, conference, {**VALID, "name": "x" * 5000, "message": "y" * 6000})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert "message" in response.context["form"].errors
    assert Enquiry.objects.count() == 0


def test_honeypot_silently_drops_bots(client, conference):
    response = post(client, conference, {**VALID, "website_url": "http://spam.example"})
    assert response.status_code == 302
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_field_is_hidden_from_people(client, conference):
    html = client.get(f"/events/{conference.slug}/enquiry/").content.decode()
    hidden_block = re.search(
        r'class="hp-field"\s+aria-hidden="true">(.*?)</div>\s*</div>', html, re.S
    )
    assert 'name="website_url"' in hidden_block.group(1)
    assert 'tabindex="-1"' in hidden_block.group(1)


def test_rate_limit_stops_an_address_after_the_limit(client, conference, settings):
    settings.FORM_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert post(client, conference, VALID).status_code == 302
    response = post(client, conference, VALID)
    assert response.status_code == 429
    assert "several requests in a short time" in response.content.decode()
    assert Enquiry.objects.count() == 3
    other = post(client, conference, VALID, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_enquiry_for_unknown_conference_is_404(client):
    assert client.post("/events/nope/enquiry/", VALID).status_code == 404

import re

import pytest
from django.core import mail

from events import services
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
    """Posts as a browser does from a page of this site: with its Origin."""
    extra.setdefault("HTTP_ORIGIN", "http://testserver")
    return client.post(f"/events/{conference.slug}/contact/", data, **extra)


def test_valid_enquiry_is_stored_mailed_and_confirmed(
    client, conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, conference, VALID, follow=True)
    assert response.redirect_chain == [(f"/events/{conference.slug}/contact/sent/", 302)]
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
    html = client.get(f"/events/{conference.slug}/contact/").content.decode()
    hidden_block = re.search(
        r'class="hp-field"\s+aria-hidden="true">(.*?)</div>\s*</div>', html, re.S
    )
    assert 'name="website_url"' in hidden_block.group(1)
    assert 'tabindex="-1"' in hidden_block.group(1)


def test_rate_limit_stops_an_address_after_the_limit(client, conference, settings):
    settings.ENQUIRY_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert post(client, conference, VALID).status_code == 302
    response = post(client, conference, VALID)
    assert response.status_code == 429
    assert "several requests in a short time" in response.content.decode()
    assert Enquiry.objects.count() == 3
    other = post(client, conference, VALID, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_enquiry_for_unknown_conference_is_404(client):
    assert client.post("/events/nope/contact/", VALID).status_code == 404


def test_the_event_page_links_to_the_contact_page_whose_form_posts_there(client, conference):
    page = client.get(conference.get_absolute_url()).content.decode()
    assert f'href="/events/{conference.slug}/contact/"' in page
    assert 'name="message"' not in page  # the form itself is on the contact page only

    contact = client.get(f"/events/{conference.slug}/contact/").content.decode()
    assert f'action="/events/{conference.slug}/contact/"' in contact
    assert "csrfmiddlewaretoken" not in contact

    response = post(client, conference, VALID, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # same host, another scheme
        {"HTTP_REFERER": "https://evil.example/page.html"},
        {},  # neither Origin nor Referer
    ],
)
def test_a_cross_site_post_is_refused(client, conference, headers):
    response = client.post(f"/events/{conference.slug}/contact/", VALID, **headers)

    assert response.status_code == 403
    assert (
        '<div class="alert alert-danger" role="alert">Your request came from another site, so '
        "we did not send it. If you wrote it, please send it again from this page.</div>"
    ) in response.content.decode()
    assert 'value="Anna Ivanova"' not in response.content.decode()
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_referer_of_this_site_stands_in_for_a_missing_origin(client, conference):
    response = client.post(
        f"/events/{conference.slug}/contact/",
        VALID,
        HTTP_REFERER=f"http://testserver/events/{conference.slug}/",
    )

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_a_trusted_origin_is_accepted(client, conference, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://conference.example.org"]

    response = post(client, conference, VALID, HTTP_ORIGIN="https://conference.example.org")

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"name": "Bob\nX: y"}, "name", "Please write this on one line."),
        ({"organisation": "TPU\r\nBcc: a@b.c"}, "organisation", "Please write this on one line."),
        (
            {"email": "a@[127.0.0.1]"},
            "email",
            "Please use an address with a domain name, not a numeric address.",
        ),
        (
            {"email": "a@example.or\ufffd"},
            "email",
            "This address cannot receive email. Please check it.",
        ),
    ],
)
def test_what_would_break_the_mail_is_a_field_error(client, conference, overrides, field, error):
    response = post(client, conference, {**VALID, **overrides})

    assert response.status_code == 400
    assert error in response.context["form"].errors[field]
    assert Enquiry.objects.count() == 0


def test_a_stored_line_break_is_folded_into_the_subject(
    conference, django_capture_on_commit_callbacks
):
    # Stored before the form refused line breaks.
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_enquiry(
            conference=conference,
            name="Bob\nX-Injected: yes",
            email="bob@example.org",
            organisation="",
            message="Will the sessions be recorded?",
        )

    [message] = mail.outbox
    assert (
        message.subject == f"[{conference.title}] Request for information from Bob X-Injected: yes"
    )
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nX-Injected" not in headers


# The enquiry form takes an address by the one rule (outbox.addresses.normalise_address).


def test_an_enquiry_address_is_stored_in_its_one_form(client, conference):
    response = post(client, conference, {**VALID, "email": " \uff21nna@B\u00dcCHER.example"})
    assert response.status_code == 302
    assert Enquiry.objects.get().email == "anna@xn--bcher-kva.example"


def test_an_invisible_character_is_a_clear_field_error(client, conference):
    response = post(client, conference, {**VALID, "email": "anna@exa\u200bmple.ru"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "email": [
            "This address contains an invisible character (such as a zero-width space or a "
            "soft hyphen). Please type it again without copying it."
        ]
    }
    assert Enquiry.objects.count() == 0

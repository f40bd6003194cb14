"""What a visitor types never breaks a mail: names are one line, addresses deliverable,
headers folded wherever they are built, and the calendar part names its charset once."""

import email
import email.policy

import pytest
from django.core import mail

from registration import emails
from registration.models import Registration
from tests.factories import RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", "Bob\nX-Injected: yes"),
        ("given_name", "Bob\rX-Injected: yes"),
        ("family_name", "Smith\u2028Bcc: victim@example.com"),
        ("institution", "TPU\nX: y"),
        ("position", "Professor\r\nX: y"),
    ],
)
def test_a_line_break_in_a_name_is_a_field_error(browser, conference, field, value):
    response = browser.post(REGISTER, form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Please write this on one line."]
    assert Registration.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("a@[127.0.0.1]", "Please use an address with a domain name, not a numeric address."),
        ("a@[::1]", "Please use an address with a domain name, not a numeric address."),
        ("anna@example.or\ufffd", "This address cannot receive email. Please check it."),
        ("anna@exa\ufffdmple.org", "This address cannot receive email. Please check it."),
    ],
)
def test_an_address_smtp_cannot_take_is_a_field_error(browser, conference, address, error):
    response = browser.post(REGISTER, form_data(email=address))

    assert response.status_code == 200
    assert error in response.context["form"].errors["email"]
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_international_addresses_are_still_welcome(browser, conference):
    response = browser.post(REGISTER, form_data(email="anna@почта.рф"))

    assert response.status_code == 302
    assert Registration.objects.get().email == "anna@xn--80a1acny.xn--p1ai"  # IDNA, as sent
    [confirm] = mail.outbox
    assert confirm.message()["To"] == "anna@xn--80a1acny.xn--p1ai"


def test_manage_page_refuses_a_line_break_in_a_name(browser, conference):
    person = RegistrationFactory(conference=conference)

    browser.post(
        f"/registration/manage/{person.manage_token}/details/",
        {
            "given_name": "Anna\nX: y",
            "family_name": "Ivanova",
            "institution": "TPU",
            "country": "RU",
        },
    )

    person.refresh_from_db()
    assert person.given_name == "Anna"


def test_a_stored_line_break_is_folded_where_the_header_is_built(conference):
    # Stored before the form refused line breaks, or by an organiser in the admin.
    conference.title = "Bridge\nContinents"
    conference.save()
    person = RegistrationFactory(conference=conference, given_name="Bob\nX-Injected: yes")

    message = emails.build_message(person, "link_again")

    assert message.subject == "[Bridge Continents] Your registration link"
    assert "X-Injected" not in message.message().as_string().split("\n\n", 1)[0]


def test_calendar_part_names_its_charset_once(conference):
    person = RegistrationFactory(conference=conference)

    message = emails.build_message(person, "registered")

    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    params = [name for name, _value in part.get_params()]
    assert params == ["text/calendar", "method", "charset"]
    assert part.get_param("charset") == "utf-8"
    assert part.get_param("method") == "PUBLISH"
    assert "BEGIN:VCALENDAR" in part.get_content()

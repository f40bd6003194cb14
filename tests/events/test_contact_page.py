"""The contact page: its own address in each language, linked from the event page's header,
facts and footer; bad input is a clear message, never a server error."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Enquiry
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": "Contact the organisers",
    "ru": "Связаться с организаторами",
    "zh-hans": "联系主办方",
}
REQUIRED = {
    "en": "This field is required.",
    "ru": "Обязательное поле.",
    "zh-hans": "这个字段是必填项。",
}


@pytest.fixture
def conference():
    return ConferenceFactory(slug="bridge", contact_email="bridge@tpu.ru")


def contact_url(language, slug="bridge"):
    with translation.override(language):
        return reverse("events:enquiry", kwargs={"slug": slug})


def test_the_contact_page_has_its_own_address_in_each_language():
    assert [contact_url(language) for language in HEADINGS] == [
        "/events/bridge/contact/",
        "/ru/events/bridge/contact/",
        "/zh-hans/events/bridge/contact/",
    ]


@pytest.mark.parametrize("language", list(HEADINGS))
def test_the_contact_page_in_each_language(client, conference, language):
    response = client.get(contact_url(language))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    # The heading reads the same once the <wbr> the Chinese page adds are left out.
    heading = html.split("<h1>")[1].split("</h1>")[0].replace("<wbr>", "")
    assert heading == HEADINGS[language]
    assert f'action="{contact_url(language)}"' in html
    assert 'name="message"' in html
    assert "bridge@tpu.ru" in html


@pytest.mark.parametrize("language", list(HEADINGS))
def test_the_event_page_links_to_the_contact_page_in_its_language(client, conference, language):
    with translation.override(language):
        event_url = conference.get_absolute_url()
    html = client.get(event_url).content.decode()
    href = f'href="{contact_url(language)}"'
    # In the header's navigation, beside the facts, in the sidebar and in the footer.
    assert html.count(href) == 4
    assert 'name="message"' not in html


@pytest.mark.parametrize("language", list(HEADINGS))
def test_empty_input_is_a_clear_message_in_the_pages_language(client, conference, language):
    response = client.post(
        contact_url(language), {"name": "", "email": ""}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 400
    assert REQUIRED[language] in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_garbage_input_is_a_field_error_not_a_crash(client, conference):
    response = client.post(
        contact_url("en"),
        {"name": "\x00" * 10, "email": "not an address", "message": "x" * 100_000},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert Enquiry.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_contact_page_refuses_other_methods(client, conference, method):
    response = getattr(client, method)(contact_url("en"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_an_unknown_conference_has_no_contact_page(client):
    assert client.get(contact_url("en", slug="no-such")).status_code == 404

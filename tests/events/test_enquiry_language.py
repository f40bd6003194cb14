"""A visitor writes from a page in any language; the organisers' mail is in the site's
working language (LANGUAGE_CODE), the visitor's answer page in theirs."""

import pytest
from django.core import mail

from events.models import Enquiry
from tests.catalogue import compile_catalogue
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(tmp_path, settings):
    compile_catalogue(
        tmp_path,
        "ru",
        {
            "Name:": "Имя:",
            "Request for information from %(name)s": "Запрос информации от %(name)s",
            "Thank you. Your request has been sent to the organisers.": (
                "Спасибо. Ваш запрос отправлен организаторам."
            ),
        },
    )
    settings.LOCALE_PATHS = [tmp_path]


def test_an_enquiry_from_a_russian_page_reaches_the_organisers_in_english(
    client, russian, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(title="Bridge", contact_email="bridge@tpu.ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/events/{conference.slug}/contact/",
            {
                "name": "Анна Иванова",
                "email": "anna@example.ru",
                "organisation": "ТГУ",
                "message": "Будет ли запись?",
                "consent": "on",
            },
            HTTP_ORIGIN="http://testserver",
            follow=True,
        )
    assert response.redirect_chain == [(f"/ru/events/{conference.slug}/contact/sent/", 302)]
    assert "Спасибо. Ваш запрос отправлен организаторам." in response.content.decode()
    assert Enquiry.objects.count() == 1
    (message,) = mail.outbox
    assert message.subject == "[Bridge] Request for information from Анна Иванова"
    assert "Name: Анна Иванова" in message.body
    assert "Имя:" not in message.body

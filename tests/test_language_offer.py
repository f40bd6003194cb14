"""The language offer is rendered on the server, each offer in its own language, for the
script to show (the browser side is tests/e2e/test_language_offer.py)."""

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return ConferenceFactory(slug="bridge-continents")


def offer_html(code, url, name):
    with translation.override(code):
        text = translation.gettext("This page is also in your language.")
        accept = translation.gettext("Read it in %(name)s") % {"name": name}
        dismiss = translation.gettext("No, thanks")
    return (
        f'<div lang="{code}" data-offer-language="{code}" hidden>'
        '<div class="alert alert-info d-flex flex-wrap align-items-center gap-2 mb-0">'
        f"<span>{text}</span>"
        f'<a class="btn btn-sm btn-dark" href="{url}" hreflang="{code}" data-offer-accept>'
        f"{accept}</a>"
        '<button type="button" class="btn btn-sm btn-outline-dark" data-offer-dismiss>'
        f"{dismiss}</button></div></div>"
    )


def test_an_english_page_carries_the_offers_of_russian_and_chinese(client, conference):
    response = client.get("/events/bridge-continents/")

    assertContains(
        response, offer_html("ru", "/ru/events/bridge-continents/", "Русский"), html=True
    )
    assertContains(
        response,
        offer_html("zh-hans", "/zh-hans/events/bridge-continents/", "简体中文"),
        html=True,
    )
    assertNotContains(response, 'data-offer-language="en"')
    assertContains(
        response, '<script src="/static/js/language-offer.js" defer></script>', html=True
    )


def test_a_russian_page_offers_english_and_chinese(client, conference):
    response = client.get("/ru/events/bridge-continents/programme/")

    assertContains(
        response,
        offer_html("en", "/events/bridge-continents/programme/", "English"),
        html=True,
    )
    assertContains(response, 'data-offer-language="zh-hans"')
    assertNotContains(response, 'data-offer-language="ru"')


def test_the_offer_keeps_a_chosen_zone_and_drops_anything_else(client, conference):
    response = client.get("/events/bridge-continents/programme/?tz=Asia/Shanghai&ref=newsletter")

    assertContains(response, 'href="/ru/events/bridge-continents/programme/?tz=Asia%2FShanghai"')
    assertNotContains(response, "newsletter")


@pytest.mark.parametrize("path", ["/events/no-such-conference/", "/ru/no-such-page/"])
def test_a_page_that_does_not_exist_offers_nothing(client, conference, path):
    response = client.get(path)

    assertNotContains(response, "data-offer-language", status_code=404)

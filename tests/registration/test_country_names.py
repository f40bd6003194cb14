"""The registration form lists countries in the page's language (django-countries)."""

import datetime as dt
import re

import pytest
from pytest_django.asserts import assertContains

from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    """Registration open: the conference lies far ahead."""
    return ConferenceFactory(
        slug="bridge-continents",
        starts_at=dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 20, 15, 0, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    ("prefix", "russia", "china"),
    [("", "Russia", "China"), ("/ru", "Россия", "Китай"), ("/zh-hans", "俄罗斯", "中国")],
)
def test_the_registration_forms_countries_are_named_in_the_pages_language(
    client, conference, prefix, russia, china
):
    response = client.get(f"{prefix}/events/bridge-continents/register/")

    assertContains(response, f'<option value="RU">{russia}</option>', html=True)
    assertContains(response, f'<option value="CN">{china}</option>', html=True)


@pytest.mark.parametrize(
    ("prefix", "first"),
    [
        ("", ["Afghanistan", "Åland Islands", "Albania"]),
        ("/ru", ["Австралия", "Австрия", "Азербайджан"]),
    ],
)
def test_the_registration_forms_countries_are_in_the_alphabetical_order_of_the_language(
    client, conference, prefix, first
):
    response = client.get(f"{prefix}/events/bridge-continents/register/")

    names = re.findall(r'<option value="[A-Z]{2}">([^<]*)</option>', response.content.decode())
    assert names[:3] == first
    assert len(names) == 249

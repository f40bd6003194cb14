"""The public participant list shows only confirmed people who opted in."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/events/bridge-continents/participants/"


def test_only_confirmed_opted_in_people_are_listed(client, conference):
    RegistrationFactory(
        conference=conference,
        given_name="Анна",
        family_name="Иванова",
        institution="TPU",
        list_publicly=True,
        email="anna.secret@tpu.ru",
        dietary_needs="Vegan",
    )
    RegistrationFactory(conference=conference, family_name="Hidden", list_publicly=False)
    RegistrationFactory(
        conference=conference, family_name="Waiting", status="waiting_list", list_publicly=True
    )
    RegistrationFactory(
        conference=conference, family_name="Cancelled", status="cancelled", list_publicly=True
    )
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    # Exactly what the consent text names: name, institution and country.
    assertContains(response, "<tr><td>Анна Иванова</td><td>TPU</td><td>Russia</td></tr>", html=True)
    assert "1 participant listed" in html
    for secret in ["Hidden", "Waiting", "Cancelled", "anna.secret", "Vegan", "manage/"]:
        assert secret not in html


def test_the_list_shows_only_what_the_consent_names(client, conference):
    """The form's consent: "Show my name, institution and country on the public
    participant list". How someone takes part (in person, online) is not named."""
    RegistrationFactory(
        conference=conference, attendance_mode="in_person", list_publicly=True, country="DE"
    )
    response = client.get(URL)
    assertContains(
        response,
        "<tr><th scope='col'>Name</th><th scope='col'>Institution</th>"
        "<th scope='col'>Country</th></tr>",
        html=True,
    )
    assertNotContains(response, "Taking part")
    assertNotContains(response, "In person")


def test_empty_list(client, conference):
    assert "Nobody is listed yet." in client.get(URL).content.decode()


@pytest.mark.parametrize("size", [1, 300])
def test_participant_list_query_budget(client, conference, django_assert_num_queries, size):
    RegistrationFactory.create_batch(size, conference=conference, list_publicly=True)
    with django_assert_num_queries(3):  # the conference, the count, one page of people
        response = client.get(URL + "?page=2")
    page = response.context["page"]
    assert page.number == (2 if size > 200 else 1)
    assert len(page.object_list) == (100 if size > 200 else 1)

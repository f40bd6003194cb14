"""Organisers see delegations in the admin, read-only, with each person's status; only the
Registration managers group (and superusers) may."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import DelegationFactory, MemberFactory, RegistrationFactory, team_member

pytestmark = pytest.mark.django_db

LIST = "/admin/delegations/delegation/"


def organiser(group):
    user = get_user_model().objects.create_user(
        username=f"organiser-{get_user_model().objects.count()}", is_staff=True
    )
    if group:
        team_member(group, user=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def delegation(conference):
    delegation = DelegationFactory(
        conference=conference, contact_name="Olga Petrova", contact_institution="TPU"
    )
    MemberFactory(
        delegation=delegation,
        given_name="Ivan",
        family_name="Sidorov",
        outcome="registered",
        registration=RegistrationFactory(conference=conference, status="waiting_list"),
    )
    MemberFactory(delegation=delegation, given_name="Anna", outcome="already_registered")
    return delegation


def test_list_search_and_change_pages(admin_client, delegation, django_assert_max_num_queries):
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    row = response.context["cl"].result_list[0]
    assert (row.contact_name, row.people_count) == ("Olga Petrova", 2)

    assert admin_client.get(LIST, {"q": "Sidorov"}).context["cl"].result_count == 1
    assert admin_client.get(LIST, {"q": "nobody"}).context["cl"].result_count == 0

    response = admin_client.get(f"{LIST}{delegation.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "On the waiting list" in html
    assert "Already registered on their own" in html
    # Read-only: people change through the services, never by editing a row here.
    assert admin_client.get(f"{LIST}add/").status_code == 403


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_costs_the_same_at_any_size(
    admin_client, conference, django_assert_max_num_queries, size
):
    for _ in range(size):
        MemberFactory.create_batch(3, delegation=DelegationFactory(conference=conference))
    # 8, one for the session's second factor, and 2 for the record of the read (the
    # account's role, the insert: audit/middleware.py)
    with django_assert_max_num_queries(11):
        response = admin_client.get(LIST)
    assert response.context["cl"].result_count == size


def test_registration_managers_see_delegations(delegation):
    client = organiser("Registration managers")
    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}{delegation.pk}/change/").status_code == 200


@pytest.mark.parametrize("group", ["Content editors", "Check-in staff", None])
def test_other_organisers_do_not(delegation, group):
    client = organiser(group)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{delegation.pk}/change/").status_code == 403

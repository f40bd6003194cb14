"""A data officer cannot raise their own rights through the teams admin: they cannot add
themselves to a team, change or delete a team they belong to, nor make or change a data
officer team. Superusers can do all of it."""

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from teams.models import Team
from tests.factories import ConferenceFactory, team_member

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:teams_team_changelist")
ADD = reverse("admin:teams_team_add")
YOURSELF = "You cannot add yourself to a team; only a superuser can."
DATA_OFFICERS = "Only a superuser can make or change a team of data officers."
OWN_TEAM = "You are a member of this team; only a superuser can change or delete it."


def change(team):
    return reverse("admin:teams_team_change", args=[team.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def team_form(team, **changes):
    data = {
        "name": team.name,
        "role": team.role,
        "conferences": [c.pk for c in team.conferences.all()],
        "members": [m.pk for m in team.members.all()],
    }
    data.update(changes)
    return data


@pytest.fixture
def alpha():
    return ConferenceFactory(slug="alpha")


@pytest.fixture
def officer(alpha):
    return team_member("data_officer", alpha, username="olga")


@pytest.fixture
def visa_team(alpha):
    team_member("visa_officer", alpha, username="alla")
    return Team.objects.get(role="visa_officer")


def errors(response):
    return response.context["adminform"].form.errors


def test_a_data_officer_cannot_add_themselves_to_a_new_team(alpha, officer):
    response = signed_in(officer).post(
        ADD,
        {
            "name": "Mine",
            "role": "visa_officer",
            "conferences": [alpha.pk],
            "members": [officer.pk],
        },
    )
    assert response.status_code == 200
    assert errors(response) == {"members": [YOURSELF]}
    assert not Team.objects.filter(name="Mine").exists()


def test_a_data_officer_cannot_add_themselves_to_another_team(alpha, officer, visa_team):
    alla = User.objects.get(username="alla")
    response = signed_in(officer).post(
        change(visa_team), team_form(visa_team, members=[alla.pk, officer.pk])
    )
    assert response.status_code == 200
    assert errors(response) == {"members": [YOURSELF]}
    assert list(visa_team.members.all()) == [alla]


def test_a_data_officer_still_changes_teams_they_are_not_in(alpha, officer, visa_team):
    boris = User.objects.create_user("boris", is_staff=True)
    response = signed_in(officer).post(change(visa_team), team_form(visa_team, members=[boris.pk]))
    assert response.status_code == 302
    assert list(visa_team.members.all()) == [boris]


@pytest.mark.parametrize("members", [[], ["boris"]])
def test_a_data_officer_cannot_make_a_data_officer_team(alpha, officer, members):
    boris = User.objects.create_user("boris", is_staff=True)
    response = signed_in(officer).post(
        ADD,
        {
            "name": "More officers",
            "role": "data_officer",
            "conferences": [alpha.pk],
            "members": [boris.pk for _name in members],
        },
    )
    assert response.status_code == 200
    assert errors(response) == {"role": [DATA_OFFICERS]}
    assert not Team.objects.filter(name="More officers").exists()


def test_a_data_officer_cannot_turn_a_team_into_data_officers(alpha, officer, visa_team):
    response = signed_in(officer).post(change(visa_team), team_form(visa_team, role="data_officer"))
    assert response.status_code == 200
    assert errors(response) == {"role": [DATA_OFFICERS]}
    visa_team.refresh_from_db()
    assert visa_team.role == "visa_officer"


def test_a_data_officer_cannot_change_a_data_officer_team_they_are_not_in(alpha, officer):
    other = Team.objects.create(name="Other officers", role="data_officer")
    other.conferences.add(alpha)
    boris = User.objects.create_user("boris", is_staff=True)
    response = signed_in(officer).post(change(other), team_form(other, members=[boris.pk]))
    assert response.status_code == 200
    assert errors(response) == {"role": [DATA_OFFICERS]}
    assert list(other.members.all()) == []


def test_a_data_officer_only_reads_their_own_team(alpha, officer):
    own = Team.objects.get(role="data_officer", members=officer)
    client = signed_in(officer)
    page = client.get(change(own))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert [str(m) for m in get_messages(page.wsgi_request)] == [OWN_TEAM]

    response = client.post(change(own), team_form(own, name="Renamed", conferences=[]))
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name != "Renamed"
    assert (
        client.post(reverse("admin:teams_team_delete", args=[own.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Team.objects.filter(pk=own.pk).exists()


def test_a_data_officer_cannot_delete_their_own_team_from_the_list(alpha, officer, visa_team):
    own = Team.objects.get(role="data_officer", members=officer)
    client = signed_in(officer)
    chosen = {"action": "delete_selected", "_selected_action": [own.pk, visa_team.pk]}
    page = client.post(CHANGELIST, chosen)
    assert page.status_code == 200
    assert page.context["perms_lacking"] == {"team"}
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        f"You are a member of {own.name}; only a superuser can change or delete it."
    ]
    response = client.post(CHANGELIST, {**chosen, "post": "yes"})
    assert response.status_code == 403
    assert Team.objects.filter(pk__in=[own.pk, visa_team.pk]).count() == 2

    deleted = client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [visa_team.pk], "post": "yes"},
    )
    assert deleted.status_code == 302
    assert not Team.objects.filter(pk=visa_team.pk).exists()


def test_a_superuser_may_do_all_of_it(alpha, officer):
    root = User.objects.create_superuser("root", password="x")
    own = Team.objects.get(role="data_officer", members=officer)
    client = signed_in(root)
    response = client.post(
        ADD,
        {"name": "Root's", "role": "data_officer", "conferences": [alpha.pk], "members": [root.pk]},
    )
    assert response.status_code == 302
    root_team = Team.objects.get(name="Root's")
    assert client.post(change(root_team), team_form(root_team, name="Roots")).status_code == 302
    assert client.post(change(own), team_form(own, members=[root.pk])).status_code == 302
    assert list(own.members.all()) == [root]

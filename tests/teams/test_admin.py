"""The teams admin: superusers and data officers decide who serves which conference; a
data officer of some conferences sees and makes teams of those only."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from teams.models import Team
from tests.factories import ConferenceFactory, team_member

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:teams_team_changelist")
ADD = reverse("admin:teams_team_add")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two():
    return ConferenceFactory(slug="alpha", title="Alpha"), ConferenceFactory(slug="beta")


def test_a_team_for_all_conferences_lists_none(two):
    alpha, _beta = two
    client = signed_in(User.objects.create_superuser("root", password="x"))
    response = client.post(
        ADD,
        {
            "name": "Desk",
            "role": "checkin_staff",
            "all_conferences": "on",
            "conferences": [alpha.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A team for all conferences lists none; clear the list or untick the box."
    ]
    assert Team.objects.count() == 0


def test_a_superuser_makes_a_team(two):
    alpha, beta = two
    anna = User.objects.create_user("anna", is_staff=True)
    client = signed_in(User.objects.create_superuser("root", password="x"))
    response = client.post(
        ADD,
        {
            "name": "Desk",
            "role": "checkin_staff",
            "conferences": [alpha.pk, beta.pk],
            "members": [anna.pk],
        },
    )
    assert response.status_code == 302
    team = Team.objects.get()
    assert (team.role, team.all_conferences) == ("checkin_staff", False)
    assert list(team.conferences.order_by("slug")) == [alpha, beta]
    assert anna.has_perm("attending.check_in", alpha) is True


def test_a_data_officer_of_one_conference_sees_and_makes_its_teams_only(two):
    alpha, beta = two
    officer = team_member("data_officer", alpha)
    team_member("visa_officer", alpha, username="alla")
    team_member("visa_officer", beta, username="boris")
    team_member("visa_officer", None, username="vera")
    client = signed_in(officer)

    listed = [team.name for team in client.get(CHANGELIST).context["cl"].result_list]
    assert listed == ["Data officer: alpha", "Visa officer: alpha"]
    theirs = Team.objects.get(name="Visa officer: beta")
    page = client.get(reverse("admin:teams_team_change", args=[theirs.pk]))
    assert (page.status_code, page["Location"]) == (302, reverse("admin:index"))

    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["conferences"].queryset) == [alpha]
    assert "all_conferences" not in form.fields
    response = client.post(ADD, {"name": "Sneak", "role": "visa_officer", "conferences": [beta.pk]})
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["conferences"]
    assert not Team.objects.filter(name="Sneak").exists()


def test_conferences_and_members_are_picked_by_autocomplete(two):
    alpha, _beta = two
    User.objects.create_user("anna.smith", is_staff=True)
    client = signed_in(team_member("data_officer", alpha))
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "teams", "model_name": "team", "field_name": "conferences", "term": ""},
    ).json()
    assert [item["text"] for item in found["results"]] == ["Alpha"]
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "teams", "model_name": "team", "field_name": "members", "term": "anna"},
    ).json()
    assert [item["text"] for item in found["results"]] == ["anna.smith"]


@pytest.mark.parametrize("role", ["registration_manager", "visa_officer", "checkin_staff"])
def test_other_roles_do_not_manage_teams(two, role):
    client = signed_in(team_member(role, None))
    assert client.get(CHANGELIST).status_code == 403
    assert client.post(ADD, {"name": "Mine", "role": "visa_officer"}).status_code == 403
    assert Team.objects.filter(name="Mine").count() == 0


@pytest.mark.parametrize("size", [1, 6])
def test_the_team_list_keeps_its_query_budget(django_assert_num_queries, size):
    client = signed_in(User.objects.create_superuser("root", password="x"))
    for n in range(size):
        team_member("checkin_staff", ConferenceFactory(), username=f"desk{n}")
    # 5, the session's second factor (mfa/), and the record of the read (audit/middleware.py)
    with django_assert_num_queries(7):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size

"""Who serves which conference: add_member, conferences_for, roles_of, reads_personal_data and
the permissions the backend derives from teams."""

import pytest
from django.contrib.auth.models import User

from teams.models import Team
from teams.roles import ROLES
from teams.services import add_member, conferences_for, reads_personal_data, roles_of
from tests.factories import (
    ConferenceFactory,
    RegistrationFactory,
    VisaRequestFactory,
    team_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return ConferenceFactory(slug="alpha"), ConferenceFactory(slug="beta")


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_a_member_for_one_conference_serves_that_one(two):
    alpha, beta = two
    user = team_member("registration_manager", alpha)

    assert list(conferences_for(user, "registration.view_registration")) == [alpha]
    assert list(conferences_for(user, "visas.view_visarequest")) == []
    assert roles_of(user) == {"registration_manager"}
    assert roles_of(user, alpha) == {"registration_manager"}
    assert roles_of(user, beta) == set()


def test_a_member_for_all_conferences_serves_future_ones_too(two):
    user = team_member("visa_officer", None)
    later = ConferenceFactory(slug="gamma")

    assert set(conferences_for(fresh(user), "visas.view_passport_data")) == {*two, later}
    assert roles_of(fresh(user), later) == {"visa_officer"}


def test_add_member_reuses_the_team_of_the_role_and_conference(two):
    alpha, beta = two
    anna = User.objects.create_user("anna")
    boris = User.objects.create_user("boris")

    first = add_member(user=anna, role="checkin_staff", conference=alpha)
    again = add_member(user=anna, role="checkin_staff", conference=alpha)
    other = add_member(user=boris, role="checkin_staff", conference=alpha)
    elsewhere = add_member(user=boris, role="checkin_staff", conference=beta)
    everywhere = add_member(user=boris, role="checkin_staff")

    assert first == again == other
    assert list(first.conferences.all()) == [alpha]
    assert list(first.members.order_by("username")) == [anna, boris]
    assert list(elsewhere.conferences.all()) == [beta]
    assert everywhere.all_conferences is True
    assert list(everywhere.conferences.all()) == []
    assert Team.objects.count() == 3
    assert [team.name for team in Team.objects.order_by("pk")] == [
        "Check-in staff: alpha",
        "Check-in staff: beta",
        "Check-in staff: all conferences",
    ]


def test_add_member_refuses_an_unknown_role(two):
    with pytest.raises(ValueError, match="Unknown role 'registration managers'"):
        add_member(user=User.objects.create_user("x"), role="registration managers")
    assert Team.objects.count() == 0


def test_superusers_serve_everything_and_inactive_users_nothing(two):
    root = User.objects.create_superuser("root", password="x")
    assert set(conferences_for(root, "visas.view_passport_data")) == set(two)
    assert roles_of(root) == {
        "content_editor",
        "registration_manager",
        "checkin_staff",
        "online_team",
        "visa_officer",
        "data_officer",
        "programme_committee",
    }
    gone = team_member("visa_officer", None, is_active=False)
    assert list(conferences_for(gone, "visas.view_passport_data")) == []
    assert roles_of(gone) == set()
    assert reads_personal_data(gone) is False
    assert gone.has_perm("visas.view_passport_data") is False


def test_a_team_without_conferences_grants_nothing(two):
    user = User.objects.create_user("idle", is_staff=True)
    Team.objects.create(name="Empty", role="registration_manager").members.add(user)

    assert roles_of(user) == set()
    assert user.has_perm("registration.view_registration") is False
    assert list(conferences_for(user, "registration.view_registration")) == []


def test_reads_personal_data_follows_the_roles():
    nobody = User.objects.create_user("nobody", is_staff=True)
    assert reads_personal_data(nobody) is False
    assert reads_personal_data(team_member("checkin_staff", ConferenceFactory())) is True


def test_has_perm_without_an_object_is_anywhere_and_with_one_is_its_conference(two):
    alpha, beta = two
    manager = team_member("registration_manager", alpha)
    mine = RegistrationFactory(conference=alpha)
    theirs = RegistrationFactory(conference=beta)

    assert manager.has_perm("registration.change_registration") is True
    assert manager.has_perm("registration.change_registration", mine) is True
    assert manager.has_perm("registration.change_registration", theirs) is False
    assert manager.has_perm("events.view_conference", alpha) is True
    assert manager.has_perm("events.view_conference", beta) is False
    assert manager.has_perm("events.change_conference", alpha) is False
    assert manager.has_module_perms("registration") is True
    assert manager.has_module_perms("visas") is False


def test_has_perm_follows_the_path_to_the_conference(two):
    alpha, beta = two
    officer = team_member("visa_officer", beta)
    ours = VisaRequestFactory(registration__conference=beta)
    other = VisaRequestFactory(registration__conference=alpha)

    assert officer.has_perm("visas.view_passport_data", ours) is True
    assert officer.has_perm("visas.view_passport_data", other) is False
    assert officer.get_all_permissions() == set(ROLES["visa_officer"].permissions)

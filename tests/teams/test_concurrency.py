"""Two people added to the same role for the same conference at the same instant, on a real
PostgreSQL: one team with both in it. Skipped on SQLite (see tests/conftest.py)."""

import pytest
from django.contrib.auth.models import User

from teams.models import Team
from teams.services import add_member
from tests.conftest import at_once
from tests.factories import ConferenceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("for_all", [False, True])
def test_two_members_added_at_once_share_one_team(for_all):
    conference = None if for_all else ConferenceFactory(slug="alpha")
    anna, boris = User.objects.create_user("anna"), User.objects.create_user("boris")

    results = at_once(
        [
            lambda user=user: add_member(user=user, role="visa_officer", conference=conference)
            for user in (anna, boris)
        ]
    )

    assert [type(result) for result in results] == [Team, Team]
    team = Team.objects.get()
    assert (team.role, team.all_conferences) == ("visa_officer", for_all)
    assert list(team.members.order_by("username")) == [anna, boris]
    assert list(team.conferences.all()) == ([] if for_all else [conference])

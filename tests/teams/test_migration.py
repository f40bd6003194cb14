"""teams/0002 turns the members of the old groups into teams for all conferences."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Conference
from teams.models import Team
from teams.services import conferences_for, roles_of
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

MIGRATION = "teams.migrations.0002_groups_to_teams"


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("teams", "0002_groups_to_teams"))
    importlib.import_module(MIGRATION).groups_to_teams(
        state.apps, SimpleNamespace(connection=connection)
    )


def test_group_members_become_all_conference_teams_and_the_groups_go():
    ConferenceFactory(), ConferenceFactory()
    anna = User.objects.create_user("anna", is_staff=True)
    boris = User.objects.create_user("boris", is_staff=True)
    Group.objects.create(name="Registration managers").user_set.add(anna, boris)
    Group.objects.create(name="Visa officers").user_set.add(boris)
    Group.objects.create(name="Online team")  # nobody in it
    Group.objects.create(name="Volunteers").user_set.add(anna)  # not one of ours

    run_migration()

    assert list(Group.objects.values_list("name", flat=True)) == ["Volunteers"]
    assert [(t.name, t.role, t.all_conferences) for t in Team.objects.order_by("name")] == [
        ("Registration managers", "registration_manager", True),
        ("Visa officers", "visa_officer", True),
    ]
    assert roles_of(User.objects.get(pk=anna.pk)) == {"registration_manager"}
    boris = User.objects.get(pk=boris.pk)
    assert roles_of(boris) == {"registration_manager", "visa_officer"}
    assert set(conferences_for(boris, "visas.view_passport_data")) == set(Conference.objects.all())
    assert boris.has_perm("visas.view_passport_data") is True
    assert boris.has_perm("events.change_conference") is False


def test_the_migration_imports_only_django():
    source = importlib.import_module(MIGRATION).__file__
    text = Path(source).read_text()
    imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["from django.db import migrations"]

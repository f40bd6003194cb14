"""Migration registration/0002 stands alone: it creates both organiser groups from the
migration state, with no import of today's app code."""

import ast
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

MIGRATION = "registration.migrations.0002_permission_groups"


def imported_modules(module_name):
    source = Path(importlib.import_module(module_name).__file__).read_text()
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module)
    return names


def test_the_group_migration_imports_only_django():
    assert imported_modules(MIGRATION) == {
        "django.contrib.auth.management",
        "django.db",
    }


def grants(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_the_group_migration_builds_both_groups_on_a_fresh_database():
    # As on a fresh database: no groups, and no permissions yet (post_migrate has not run).
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label__in=["events", "registration"]).delete()
    state = MigrationExecutor(connection).loader.project_state(
        ("registration", "0002_permission_groups")
    )
    migration = importlib.import_module(MIGRATION)

    migration.create_groups(state.apps, SimpleNamespace(connection=connection))

    assert set(Group.objects.values_list("name", flat=True)) == {
        "Content editors",
        "Registration managers",
    }
    editors, managers = grants("Content editors"), grants("Registration managers")
    assert {app for app, _codename in editors} == {"events"}
    assert ("events", "change_conference") in editors
    assert ("events", "delete_session") in editors
    assert {(app, codename) for app, codename in managers if app == "events"} == {
        ("events", "view_conference")
    }
    assert ("registration", "change_registration") in managers
    assert ("registration", "add_invitationcode") in managers


def test_the_group_migration_reverses_to_no_groups():
    state = MigrationExecutor(connection).loader.project_state(
        ("registration", "0002_permission_groups")
    )
    migration = importlib.import_module(MIGRATION)

    migration.remove_groups(state.apps, SimpleNamespace(connection=connection))

    assert not Group.objects.filter(name__in=["Content editors", "Registration managers"]).exists()

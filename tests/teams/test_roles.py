"""The role table grants exactly what the old groups granted, and nothing makes groups now."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection

from teams.roles import ROLES, roles_with

pytestmark = pytest.mark.django_db

# (migration module, function) that made or filled the groups, in migration order.
GROUP_MIGRATIONS = [
    ("registration.migrations.0002_permission_groups", "create_groups"),
    ("delegations.migrations.0002_registration_managers_see_delegations", "grant"),
    ("messaging.migrations.0002_registration_managers_send_messages", "grant"),
    ("attending.migrations.0002_check_in_staff_group", "create_group"),
    ("documents.migrations.0002_badge_and_certificate_permissions", "grant"),
    ("attending.migrations.0005_online_team_group", "create_group"),
    ("visas.migrations.0002_visa_officers_group", "create_group"),
]
GROUP_ROLES = {
    "Content editors": "content_editor",
    "Registration managers": "registration_manager",
    "Check-in staff": "checkin_staff",
    "Online team": "online_team",
    "Visa officers": "visa_officer",
}


def old_groups():
    """{group name: {"app.codename"}} as the old migrations build them."""
    editor = SimpleNamespace(connection=connection)
    for module, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(global_apps, editor)
    return {
        group.name: {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        for group in Group.objects.all()
    }


def test_each_role_has_exactly_the_rights_of_its_old_group():
    groups = old_groups()
    # The mail queue was granted by registration/permissions.py after every migrate.
    groups["Registration managers"] |= {"mailer.view_message", "mailer.change_message"}
    # Rights of models that came after the groups: the consents (privacy/).
    groups["Registration managers"] |= {"privacy.view_consent"}
    # The conference's look (branding/), which came after the groups too.
    groups["Content editors"] |= {
        f"branding.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("branding", "organisationlogo")
    }
    # The attendee mailing moved from registration to messaging (messaging 0005 moved its
    # content type, so the group's grants followed); the old migration, run against today's
    # apps, finds no registration.attendeemailing to grant.
    groups["Registration managers"] = {
        right
        for right in groups["Registration managers"]
        if right not in {"registration.view_attendeemailing", "registration.send_attendeemailing"}
    } | {"messaging.view_attendeemailing", "messaging.send_attendeemailing"}
    # Rights of models since gone: exports and badge print runs are background jobs (jobs/),
    # whose page asks each kind's own right (export, print badges) per conference.
    gone = {
        "registration.view_registrationexport",
        "registration.delete_registrationexport",
        "documents.view_badgebatch",
        "documents.add_badgebatch",
    }
    groups = {name: rights - gone for name, rights in groups.items()}

    assert set(groups) == set(GROUP_ROLES)
    for name, slug in GROUP_ROLES.items():
        assert set(ROLES[slug].permissions) == groups[name], name


def test_every_right_in_the_table_exists():
    """A misspelt right would grant nothing; the audit rights come with the audit app."""
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    waiting_for_audit = {"audit.view_auditentry", "audit.view_destructionrecord"}
    for role in ROLES.values():
        assert role.permissions - existing - waiting_for_audit == set(), role.slug


def test_the_data_officer_sees_the_record_and_manages_teams():
    officer = ROLES["data_officer"]
    assert {
        "audit.view_auditentry",
        "audit.view_destructionrecord",
        "teams.view_team",
        "teams.add_team",
        "teams.change_team",
        "teams.delete_team",
        "auth.view_user",
        "events.view_conference",
    } == set(officer.permissions)
    assert officer.reads_personal_data is True


def test_roles_with_names_the_roles_of_a_right():
    assert roles_with("documents.print_badges") == {"registration_manager", "checkin_staff"}
    assert roles_with("visas.view_passport_data") == {"visa_officer"}
    assert roles_with("visas.no_such_right") == set()


def test_migrate_makes_no_groups():
    call_command("migrate", verbosity=0)
    assert list(Group.objects.values_list("name", flat=True)) == []

"""Migrations messaging/0005 and registration/0016 move the attendee mailing from
registration to messaging: its rows, its sessions and who may send one survive, the tables
take messaging's names, and going back restores registration's."""

import importlib
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MIGRATION = "messaging.migrations.0005_attendee_mailing_moves_here"
BEFORE = [
    ("registration", "0015_alter_registration_attendance_mode"),
    ("messaging", "0004_mail_engine"),
    # The conference as messaging 0005 knows it (later columns would need values).
    ("events", "0007_conference_zone_default_and_previous_month"),
]
AFTER = [
    ("registration", "0016_attendee_mailing_moves_to_messaging"),
    ("messaging", "0005_attendee_mailing_moves_here"),
]


def test_the_migration_imports_no_app_code():
    source = Path(importlib.import_module(MIGRATION).__file__).read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import", "from"))]
    assert imports == [
        "import uuid",
        "import django.db.models.deletion",
        "from django.conf import settings",
        "from django.db import migrations, models",
    ]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def tables():
    return {
        name
        for name in connection.introspection.table_names()
        if name.endswith(("attendeemailing", "attendeemailing_sessions"))
    }


def senders(apps, app_label):
    Group = apps.get_model("auth", "Group")
    return set(
        Group.objects.filter(
            permissions__content_type__app_label=app_label,
            permissions__codename="send_attendeemailing",
        ).values_list("name", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_the_mailings_move_to_messaging_with_their_rows_and_grants_and_back():
    apps = migrate(BEFORE)
    assert tables() == {"registration_attendeemailing", "registration_attendeemailing_sessions"}
    Conference = apps.get_model("events", "Conference")
    Session = apps.get_model("events", "Session")
    conference = Conference.objects.create(
        title="Bridge",
        slug="bridge-move",
        starts_at="2099-05-16T12:00:00Z",
        ends_at="2099-05-20T15:00:00Z",
    )
    session = Session.objects.create(
        conference=conference,
        title="Opening",
        slug="opening",
        starts_at="2099-05-16T12:00:00Z",
        ends_at="2099-05-16T13:00:00Z",
    )
    message = apps.get_model("messaging", "GroupMessage").objects.create(
        kind="programme", conference=conference
    )
    key = uuid.uuid4()
    mailing = apps.get_model("registration", "AttendeeMailing").objects.create(
        conference=conference, about="sessions", note="Room 101.", key=key, message=message
    )
    mailing.sessions.add(session)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="registration", model="attendeemailing"
    )
    send, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="send_attendeemailing",
        defaults={"name": "Can email confirmed attendees"},
    )
    apps.get_model("auth", "Group").objects.create(name="Mailers").permissions.add(send)

    apps = migrate(AFTER)
    assert tables() == {"messaging_attendeemailing", "messaging_attendeemailing_sessions"}
    moved = apps.get_model("messaging", "AttendeeMailing").objects.get()
    assert (moved.pk, moved.key, moved.about, moved.note, moved.message_id) == (
        mailing.pk,
        key,
        "sessions",
        "Room 101.",
        message.pk,
    )
    assert list(moved.sessions.values_list("slug", flat=True)) == ["opening"]
    assert senders(apps, "messaging") == {"Mailers"}
    assert not ContentType.objects.filter(app_label="registration", model="attendeemailing")
    # A new mailing gets the next number (the id sequence came along on PostgreSQL).
    second = apps.get_model("messaging", "AttendeeMailing").objects.create(
        conference_id=conference.pk,
        about="conference",
        message=apps.get_model("messaging", "GroupMessage").objects.create(
            kind="programme", conference_id=conference.pk
        ),
    )
    assert second.pk > mailing.pk
    second.delete()

    apps = migrate(BEFORE)
    assert tables() == {"registration_attendeemailing", "registration_attendeemailing_sessions"}
    back = apps.get_model("registration", "AttendeeMailing").objects.get()
    assert (back.pk, back.key, list(back.sessions.values_list("slug", flat=True))) == (
        mailing.pk,
        key,
        ["opening"],
    )
    assert senders(apps, "registration") == {"Mailers"}

    # Back to the latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

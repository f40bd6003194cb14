"""Migration registration/0005 gives every registration made before it English, the only
language the site spoke then."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The events app at its latest: its columns are in the database whatever registration's state.
EVENTS = ("events", "0004_content_in_english_columns")
BEFORE = [("registration", "0004_registration_email_change_seat_request"), EVENTS]
AFTER = [("registration", "0005_registration_language"), EVENTS]


@pytest.mark.django_db(transaction=True)
def test_existing_registrations_speak_english_after_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Conference = apps.get_model("events", "Conference")
    Registration = apps.get_model("registration", "Registration")
    conference = Conference.objects.create(
        title="Bridge",
        slug="bridge",
        starts_at="2099-05-16T12:00:00Z",
        ends_at="2099-05-20T15:00:00Z",
    )
    Registration.objects.create(
        conference=conference,
        given_name="Anna",
        family_name="Ivanova",
        email="anna@tpu.ru",
        institution="TPU",
        country="RU",
        privacy_consent_at="2099-01-01T00:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = apps.get_model("registration", "Registration").objects.get()
    assert migrated.language == "en"

    # Back to the latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

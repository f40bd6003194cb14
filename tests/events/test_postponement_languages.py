"""The postponement reads in each language's own date form: the previous dates are a month
(DateChange.previous_month), not an untranslated label; migration events/0007 turns the
old labels into months."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pytest_django.asserts import assertContains

from events.models import Conference
from tests.factories import ConferenceFactory, DateChangeFactory, utc


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "postponed"),
    [
        ("", "Postponed from September 2021 to 16 May 2022"),
        ("/ru", "Перенесена с сентября 2021 г. на 16 мая 2022 г."),
        ("/zh-hans", "已由 2021年9月 改期至 2022年5月16日"),
    ],
)
def test_the_postponement_names_the_previous_month_in_the_pages_language(client, prefix, postponed):
    conference = ConferenceFactory(
        slug="bridge",
        status=Conference.Status.RESCHEDULED,
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
    )
    DateChangeFactory(conference=conference, previous_month=dt.date(2021, 9, 1))

    response = client.get(f"{prefix}/events/bridge/")

    assertContains(response, postponed)
    assert "September 2021" not in response.text or prefix == ""


BEFORE = [("events", "0006_conference_mail_identity_and_audience_zones")]
AFTER = [("events", "0007_conference_zone_default_and_previous_month")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_month_labels_into_months_and_keeps_any_other_label():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    conference = apps.get_model("events", "Conference").objects.create(
        title="Bridge",
        slug="bridge",
        starts_at="2022-05-16T12:00:00Z",
        ends_at="2022-05-20T15:00:00Z",
        time_zone="Asia/Tomsk",
    )
    DateChange = apps.get_model("events", "DateChange")
    DateChange.objects.create(conference=conference, previous_label="September 2021")
    DateChange.objects.create(
        conference=conference, previous_label="autumn 2021", reason="The pandemic."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = list(apps.get_model("events", "DateChange").objects.order_by("pk"))
    assert [(change.previous_month, change.reason) for change in migrated] == [
        (dt.date(2021, 9, 1), ""),
        (None, "(autumn 2021) The pandemic."),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

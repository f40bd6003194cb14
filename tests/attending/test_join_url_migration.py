"""Migration attending/0006 turns every session's raw join URL into a join option for every
region before events/0005 removes the field, so no organiser's link is lost; going back
restores them."""

import ast
import importlib
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

MIGRATION = "attending.migrations.0006_join_url_to_join_options"
BEFORE = [("attending", "0005_online_team_group"), ("events", "0004_content_in_english_columns")]
AFTER = [
    ("attending", "0006_join_url_to_join_options"),
    ("events", "0005_remove_session_join_url"),
]


def test_the_migration_imports_only_django_and_the_standard_library():
    source = Path(importlib.import_module(MIGRATION).__file__).read_text()
    modules = {
        node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)
    }
    assert modules == {"urllib.parse", "django.db"}


def test_events_removes_the_field_only_after_attending_kept_the_links():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert AFTER[0] in graph.node_map[AFTER[1]].parents
    # events' own file names no attending migration (run_before adds the edge).
    events_migration = graph.nodes[AFTER[1]]
    assert [app for app, _name in events_migration.dependencies] == ["events"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_join_url_becomes_a_join_option_for_every_region_and_comes_back():
    apps = migrate(BEFORE)
    Conference = apps.get_model("events", "Conference")
    Session = apps.get_model("events", "Session")
    conference = Conference.objects.create(
        title="Bridge",
        slug="bridge",
        starts_at="2099-05-16T12:00:00Z",
        ends_at="2099-05-20T15:00:00Z",
    )

    def session(slug, join_url):
        return Session.objects.create(
            conference=conference,
            title=slug,
            slug=slug,
            starts_at="2099-05-16T12:00:00Z",
            ends_at="2099-05-16T13:00:00Z",
            join_url=join_url,
        ).pk

    zoom = session("opening", "https://us02web.zoom.us/j/123456")
    other = session("panel", "https://meet.example.org/panel")
    none = session("visit", "")

    apps = migrate(AFTER)
    JoinOption = apps.get_model("attending", "JoinOption")
    options = {
        option.session_id: (
            option.platform,
            option.label,
            option.url,
            option.for_china,
            option.for_europe,
            option.for_russia,
            option.for_other,
        )
        for option in JoinOption.objects.all()
    }
    assert options == {
        zoom: ("zoom", "Online room", "https://us02web.zoom.us/j/123456", True, True, True, True),
        other: ("other", "Online room", "https://meet.example.org/panel", True, True, True, True),
    }
    assert none not in options
    assert "join_url" not in {f.name for f in apps.get_model("events", "Session")._meta.fields}

    apps = migrate(BEFORE)
    restored = dict(apps.get_model("events", "Session").objects.values_list("pk", "join_url"))
    assert restored == {
        zoom: "https://us02web.zoom.us/j/123456",
        other: "https://meet.example.org/panel",
        none: "",
    }
    assert apps.get_model("attending", "JoinOption").objects.count() == 0

    # Back to the latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

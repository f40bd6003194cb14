import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connection

from tests.factories import RegistrationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _public_media_apart(settings, tmp_path, _private_files):
    """Invitations go to the per-test private folder (tests/conftest.py); public media to
    another, so a test can tell the two apart."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def attendee(db):
    return RegistrationFactory(attendance_mode="in_person", status="confirmed", language="en")


def make_officer(username="officer", password="pw-visa-officer-1"):  # noqa: S107
    """A member of the Visa officers group (made by the migration). A transactional test's
    database was flushed: the group is made again as the migration makes it."""
    group = Group.objects.filter(name="Visa officers").first()
    if group is None:
        migration = importlib.import_module("visas.migrations.0002_visa_officers_group")
        migration.create_group(django_apps, SimpleNamespace(connection=connection))
        group = Group.objects.get(name="Visa officers")
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.files.storage import storages
from django.db import connection

from tests.factories import RegistrationFactory
from visas.models import VisaRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path, monkeypatch):
    """Invitations go to a fresh private folder per test, never the developer's. The field
    took its storage when the model was defined, so it is pointed at the new one too."""
    settings.STORAGES = {
        **settings.STORAGES,
        "visas": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    field = VisaRequest._meta.get_field("invitation")
    monkeypatch.setattr(field, "storage", storages["visas"])
    return tmp_path / "private"


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

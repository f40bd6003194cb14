import pytest

from tests.factories import RegistrationFactory, team_member

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
    """A visa officer for all conferences."""
    return team_member("visa_officer", None, username=username, password=password, is_staff=True)


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client

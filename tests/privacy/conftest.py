import datetime as dt

import pytest

from tests.factories import ConferenceFactory, RegistrationFactory


@pytest.fixture
def conference(db):
    """A hybrid conference with registration open, far ahead."""
    return ConferenceFactory(
        slug="bridge",
        title="Science Bridge",
        starts_at=dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 20, 15, 0, tzinfo=dt.UTC),
    )


@pytest.fixture
def attendee(conference):
    return RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="confirmed",
        given_name="Mei",
        family_name="Zhang",
        email="mei.zhang@example.cn",
        language="en",
    )


def manage_url(registration, rest=""):
    return f"/registration/manage/{registration.manage_token}/{rest}"


def form_data(**overrides):
    data = {
        "attendance_mode": "online",
        "given_name": "Olga",
        "family_name": "Petrova",
        "email": "olga.petrova@example.org",
        "institution": "Tomsk State University",
        "position": "",
        "country": "RU",
        "privacy_consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ConferenceFactory, RegistrationFactory, team_member


@pytest.fixture
def conference(db):
    """A hybrid conference that began two hours ago and runs three more days."""
    now = timezone.now()
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(days=3),
    )


@pytest.fixture
def guest(conference):
    return RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="Анна",
        family_name="Иванова",
        email="anna.ivanova@tpu.ru",
        institution="Томский политехнический университет",
    )


@pytest.fixture
def staff(db):
    """Check-in staff for all conferences, nothing more (not even admin access)."""
    return team_member(
        "checkin_staff", None, username="desk1", password="a long desk password 1", is_staff=False
    )


@pytest.fixture
def desk_client(client, staff):
    client.force_login(staff)
    return client


DESK = "/checkin/bridge-continents/"

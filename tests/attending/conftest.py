import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from tests.factories import ConferenceFactory, RegistrationFactory


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
    """A member of the Check-in staff group (made by the migration), nothing more. A
    transactional test's database was flushed: the group is made again as the migration
    makes it."""
    group = Group.objects.filter(name="Check-in staff").first()
    if group is None:
        group = Group.objects.create(name="Check-in staff")
        group.permissions.add(Permission.objects.get(codename="check_in"))
    user = User.objects.create_user("desk1", password="a long desk password 1")
    user.groups.add(group)
    return user


@pytest.fixture
def desk_client(client, staff):
    client.force_login(staff)
    return client

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory, team_member

UTC = dt.UTC


@pytest.fixture
def conference(db):
    """A hybrid conference in Tomsk (UTC+7), 5 places in person and 3 online."""
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        time_zone="Asia/Tomsk",
        in_person_capacity=5,
        online_capacity=3,
    )


def arrived(registration, at):
    """Registrations get their created_at on save; the test moves it to a known moment."""
    Registration.objects.filter(pk=registration.pk).update(created_at=at)
    return registration


@pytest.fixture
def registrations(conference):
    """The known data set. Times in UTC; in Tomsk (UTC+7) 20:00 UTC is the next day.

    - 3 confirmed in person from DE (Universität Heidelberg): 1 March 10:00, 1 March 20:00
      (2 March in Tomsk), 3 March 12:00;
    - 1 confirmed online from CN (Tsinghua University), 1 March 12:00;
    - 2 on the online waiting list from CN (Tsinghua University), 3 March 18:00 (4 March);
    - 1 confirmed online from RU (TPU) waiting for a seat in person, 2 March 00:30;
    - 1 awaiting email confirmation online from US (MIT), 4 March 02:00;
    - 1 cancelled in person from RU (TPU), 2 March 05:00: counted by status only.
    """
    made = []

    def make(at, **fields):
        made.append(arrived(RegistrationFactory(conference=conference, **fields), at))

    def utc(day, hour, minute=0):
        return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    heidelberg = {"country": "DE", "institution": "Universität Heidelberg"}
    tsinghua = {"country": "CN", "institution": "Tsinghua University"}
    tpu = {"country": "RU", "institution": "Tomsk Polytechnic University"}
    for at in (utc(1, 10), utc(1, 20), utc(3, 12)):
        make(at, attendance_mode="in_person", status="confirmed", **heidelberg)
    make(utc(1, 12), attendance_mode="online", status="confirmed", **tsinghua)
    for _ in range(2):
        make(
            utc(3, 18),
            attendance_mode="online",
            status="waiting_list",
            waiting_since=utc(3, 18),
            **tsinghua,
        )
    make(
        utc(2, 0, 30),
        attendance_mode="online",
        status="confirmed",
        seat_request="waiting_list",
        waiting_since=utc(2, 0, 30),
        **tpu,
    )
    make(
        utc(4, 2),
        attendance_mode="online",
        status="pending_email",
        email_confirmed_at=None,
        country="US",
        institution="MIT",
    )
    make(utc(2, 5), attendance_mode="in_person", status="cancelled", **tpu)
    return made


def organiser(*, group=None, superuser=False):
    User = get_user_model()
    user = User.objects.create_user(
        username=f"organiser-{User.objects.count()}",
        password="correct horse battery",
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        team_member(group, user=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(db):
    """A member of the Registration managers group, who sees the dashboard."""
    return organiser(group="Registration managers")


@pytest.fixture
def editor(db):
    return organiser(group="Content editors")


COUNTRIES = ["RU", "CN", "DE", "KZ", "FR", "US", "IN", "BY", "IT", ""]
STATUSES = ["confirmed", "confirmed", "confirmed", "waiting_list", "pending_email", "cancelled"]


def _fill(conference, size):
    """`size` registrations in one INSERT, of every country, status and mode in turn."""
    now = timezone.now()
    people = zip(
        range(size),
        itertools.cycle(COUNTRIES),
        itertools.cycle(STATUSES),
        itertools.cycle(["in_person", "online", "online"]),
        strict=False,
    )
    Registration.objects.bulk_create(
        Registration(
            conference=conference,
            attendance_mode=mode,
            status=status,
            waiting_since=now if status == "waiting_list" else None,
            given_name="Анна",
            family_name=f"Иванова {n}",
            email=f"person{n}@example.org",
            institution=f"University {n % 37}",
            country=country,
            privacy_consent_at=now,
        )
        for n, country, status, mode in people
    )


@pytest.fixture
def fill_registrations(db):
    """fill_registrations(conference, size): `size` registrations in bulk, for the query
    budgets of the dashboard and its tiles."""
    return _fill

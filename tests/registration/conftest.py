import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import (
    ConferenceFactory,
    ConferenceOrganisationFactory,
    MemberDomainFactory,
    OrganisationFactory,
    RegistrationFactory,
    team_member,
)


@pytest.fixture
def conference(db):
    """A hybrid conference, registration open, 3 in-person seats, co-organised by a network
    whose member institution owns tpu.ru."""
    conference = ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        in_person_capacity=3,
        contact_email="conference@tpu.ru",
        online_url="https://conference.example.org/online",
        # 19:00 local time in Tomsk (UTC+7), far enough ahead never to be past.
        starts_at=dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 20, 15, 0, tzinfo=dt.UTC),
    )
    network = OrganisationFactory(name="ASRTU network", acronym="ASRTU", kind="network")
    ConferenceOrganisationFactory(conference=conference, organisation=network)
    domain = MemberDomainFactory(domain="tpu.ru", institution__name="Tomsk Polytechnic University")
    domain.institution.networks.add(network)
    return conference


LINK_RE = re.compile(r"https://conference\.example\.org(/registration/manage/[^\s\"<]+)")


def links_in(message):
    """Site paths linked from an email's plain-text body, in order."""
    return LINK_RE.findall(message.body)


def manage_path(message):
    return next(p for p in links_in(message) if p.endswith("/") and p.count("/") == 4)


def confirm_path(message):
    return next(path for path in links_in(message) if path.endswith("/confirm/"))


def form_data(**overrides):
    data = {
        "attendance_mode": "in_person",
        "given_name": "Анна",
        "family_name": "Иванова",
        "email": "anna.ivanova@tpu.ru",
        "institution": "Томский политехнический университет",
        "position": "Associate professor",
        "country": "RU",
        "accessibility_needs": "",
        "dietary_needs": "Vegetarian",
        "invitation_code": "",
        "privacy_consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class Browser:
    """The test client, running on-commit callbacks (the emails) as a real commit would."""

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture

    def get(self, path, **kwargs):
        with self.capture(execute=True):
            return self.client.get(path, **kwargs)

    def post(self, path, data=None, **kwargs):
        with self.capture(execute=True):
            return self.client.post(path, data or {}, **kwargs)


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks):
    return Browser(client, django_capture_on_commit_callbacks)


def full_with_one_waiting(conference):
    """The 3 seats taken, one person waiting for a seat."""
    holders = RegistrationFactory.create_batch(
        3, conference=conference, attendance_mode="in_person"
    )
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=timezone.now() - dt.timedelta(days=1),
    )
    return holders, waiting


@pytest.fixture
def requests_only(settings):
    """For the concurrency tests (`pytest.mark.usefixtures("requests_only")`): every address
    there is 127.0.0.1, so lift the rate limit. Static files are not under test: without
    WhiteNoise each request handler skips scanning STATIC_ROOT."""
    settings.FORM_RATE_LIMIT = "100000/h"
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]


def organiser(username, group=None):
    """A signed-in staff client, a member of the team `group` (a role name) when given."""
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    if group:
        team_member(group, user=user)
    client = Client()
    client.force_login(user)
    return client


def confirmation_data(page):
    """The hidden fields of the confirmation page and its submit button."""
    html = page.content.decode()
    form = html[html.index('name="_confirm"') - 3000 :]
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        if name == "csrfmiddlewaretoken":
            continue
        data.setdefault(name, []).append(value)
    data["_confirm"] = "Send"
    return data

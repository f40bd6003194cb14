import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from attending import services as attending
from attending.tickets import ticket_for
from tests.factories import ConferenceFactory, RegistrationFactory

ADD = "/admin/messaging/groupmessage/add/"
CHANGELIST = "/admin/messaging/groupmessage/"
LOG = "/admin/messaging/recipient/"


@pytest.fixture
def conference(db):
    """A hybrid conference that began two hours ago (so people can be checked in)."""
    now = timezone.now()
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        contact_email="conference@tpu.ru",
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(days=3),
    )


def checked_in(registration):
    attending.check_in(ticket=ticket_for(registration), desk="A")
    return registration


@pytest.fixture
def people(conference):
    """Seven registrations that the filters tell apart, in the order they were made."""

    def person(key, **fields):
        defaults = {
            "conference": conference,
            "given_name": key.capitalize(),
            "email": f"{key}@example.org",
        }
        return RegistrationFactory(**{**defaults, **fields})

    return {
        "hans": checked_in(
            person("hans", attendance_mode="in_person", country="DE", institution="TU Dresden")
        ),
        "marie": person("marie", attendance_mode="in_person", country="FR"),
        "lena": person("lena", attendance_mode="online", country="AT", language="ru"),
        "anna": checked_in(
            person("anna", attendance_mode="in_person", country="RU", language="ru")
        ),
        "li": person("li", attendance_mode="online", country="CN", language="zh-hans"),
        "kofi": person("kofi", attendance_mode="online", country="GH", status="waiting_list"),
        "otto": person("otto", attendance_mode="in_person", country="DE", status="cancelled"),
    }


TEXTS = {
    "subject_en": "Gala dinner on Tuesday",
    "body_en": (
        "The gala dinner is on **Tuesday** at 19:00.\n\n- Bring your badge\n- Dress code: none"
    ),
    "subject_ru": "Торжественный ужин во вторник",
    "body_ru": "Ужин во **вторник** в 19:00.",
    "subject_zh_hans": "",
    "body_zh_hans": "",
}


def compose(conference, **overrides):
    """What an organiser types into the compose form: the texts, confirmed attendees."""
    data = {"conference": conference.pk, **TEXTS, "status": ["confirmed"]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class _HiddenFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self.in_form = True
        hidden = self.in_form and tag == "input" and attrs.get("type") == "hidden"
        if hidden and attrs["name"] != "csrfmiddlewaretoken":
            self.data.setdefault(attrs["name"], []).append(attrs.get("value", ""))


def confirmation_data(page, **extra):
    """The confirmation page's hidden fields and its Send button, as a browser posts them."""
    parser = _HiddenFields()
    parser.feed(page.content.decode())
    return {**parser.data, "_confirm": "Send", **extra}


def organiser(username, group=None):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(admin_client, django_capture_on_commit_callbacks):
    """Posts the admin forms with on-commit callbacks (enqueueing the task) run."""

    class Desk:
        client = admin_client

        def post(self, data, client=None, path=ADD):
            with django_capture_on_commit_callbacks(execute=True):
                return (client or self.client).post(path, data)

        def confirm(self, data, client=None):
            page = self.post(data, client)
            assert page.status_code == 200, page.content.decode()
            sent = confirmation_data(page)
            return self.post(sent, client), sent

    return Desk()


# A real SMTP server behind the mail queue (tests/outbox/conftest.py).
from tests.outbox.conftest import smtp_peer  # noqa: E402, F401

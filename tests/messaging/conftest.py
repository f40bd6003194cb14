from html.parser import HTMLParser

import pytest

from attending import services as attending
from attending.tickets import ticket_for
from tests.attending import conftest as attending_fixtures
from tests.factories import RegistrationFactory
from tests.registration.conftest import Browser, organiser  # noqa: F401 - organiser: a signed-in client

ADD = "/admin/messaging/groupmessage/add/"
CHANGELIST = "/admin/messaging/groupmessage/"
LOG = "/admin/messaging/recipient/"

# A hybrid conference that began two hours ago, so people can be checked in.
conference = attending_fixtures.conference


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


class Desk(Browser):
    """An organiser at the admin (the superuser unless another client is given), with the
    on-commit callbacks that enqueue the task run as a real commit would."""

    def submit(self, data, client=None, path=ADD):
        return Browser(client or self.client, self.capture).post(path, data)

    def confirm(self, data, client=None):
        """The compose form, then the confirmation page's form as a browser posts it."""
        page = self.submit(data, client)
        assert page.status_code == 200, page.content.decode()
        sent = confirmation_data(page)
        return self.submit(sent, client), sent


@pytest.fixture
def desk(admin_client, django_capture_on_commit_callbacks):
    return Desk(admin_client, django_capture_on_commit_callbacks)


# A real SMTP server behind the mail queue (tests/outbox/conftest.py).
from tests.outbox.conftest import smtp_peer  # noqa: E402, F401

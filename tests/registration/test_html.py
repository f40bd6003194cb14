"""Every registration page and HTML email passes the W3C Nu checker (needs Java, like the
browser tests' checks)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from registration import links
from registration.emails import KINDS, build_message
from tests.e2e.checks import assert_valid_html
from tests.factories import ConferenceFactory, RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]  # needs Java, as the browser checks do


def test_registration_pages_are_valid_html(browser, conference, tmp_path):
    RegistrationFactory(conference=conference, list_publicly=True, given_name="Анна")
    confirmed = RegistrationFactory(
        conference=conference, attendance_mode="in_person", visa_letter_wanted=True
    )
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=timezone.now(),
    )
    declined = RegistrationFactory(conference=conference, status="declined")
    closed = ConferenceFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    invalid = browser.post("/events/bridge-continents/register/", form_data(email="bad"))
    assert invalid.status_code == 200
    urls = {
        "form-with-errors": None,
        "sent": "/events/bridge-continents/register/sent/",
        "closed": f"/events/{closed.slug}/register/",
        "privacy": "/privacy/",
        "participants": "/events/bridge-continents/participants/",
        "manage-confirmed": links.manage_path(confirmed),
        "manage-waiting": links.manage_path(waiting),
        "manage-declined": links.manage_path(declined),
        "cancel": links.manage_path(confirmed) + "cancel/",
        "erase": links.manage_path(confirmed) + "erase/",
        "invalid-link": "/registration/manage/nothing-here/",
    }
    pages = {"form-with-errors.html": invalid.content.decode()}
    for name, url in urls.items():
        if url is None:
            continue
        response = browser.get(url)
        assert response.status_code == (404 if name == "invalid-link" else 200), url
        pages[f"{name}.html"] = response.content.decode()
    for kind in KINDS:
        message = build_message(confirmed, kind)
        pages[f"email-{kind}.html"] = message.alternatives[0][0]
    assert mail.outbox == []
    output = assert_valid_html(pages, tmp_path / "html")
    assert "error" not in output.lower()

"""An organiser works in the admin and the public pages follow."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from registration.models import Registration
from tests.e2e.checks import screenshot
from tests.e2e.second_factor import sign_in
from tests.factories import ConferenceFactory, RegistrationFactory

PASSWORD = "a long organiser password"


@pytest.fixture
def organiser(transactional_db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password=PASSWORD
    )


def log_in(page, user):
    sign_in(page, user, PASSWORD)


def test_organiser_logs_into_the_admin(page, organiser):
    log_in(page, organiser)

    assert page.get_by_role("heading", name="Site administration").is_visible()
    screenshot(page, "admin-index")


def test_organiser_approves_a_request_and_retitles_the_conference(page, organiser, mailoutbox):
    starts = dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC)
    conference = ConferenceFactory(
        title="Bridge Continents 2099",
        slug="bridge-2099",
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=4),
        in_person_capacity=10,
    )
    pending = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="awaiting_approval",
        given_name="Marie",
        family_name="Dubois",
        email="marie.dubois@example.fr",
    )
    page.goto(conference.get_absolute_url())  # the public page is now cached
    log_in(page, organiser)

    page.goto("/admin/registration/registration/?status__exact=awaiting_approval")
    page.get_by_role("row", name=re.compile("Marie Dubois|Dubois")).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Approve in-person attendance")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("1 registration approved.")
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert pending.decided_by == organiser
    assert [message.to for message in mailoutbox] == [["marie.dubois@example.fr"]]

    page.goto(f"/admin/events/conference/{conference.pk}/change/")
    page.get_by_label("Title [en]:").fill("Bridge Continents 2099: Tomsk and online")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(conference.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bridge Continents 2099: Tomsk and online"
    )
    screenshot(page, "event-retitled")

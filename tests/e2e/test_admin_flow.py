"""An organiser works in the admin and the public pages follow."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from registration.models import Registration
from tests.e2e.checks import DESKTOP, PHONE, assert_accessible, screenshot
from tests.e2e.second_factor import sign_in
from tests.factories import ConferenceFactory, RegistrationFactory
from tests.registration.task_worker import run_db_worker

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

    # Bulk actions never run in the request: a job for the worker, linked from the message.
    expect(page.locator(".messagelist")).to_contain_text(
        "1 row of Bridge Continents 2099 goes to the background worker."
    )
    pending.refresh_from_db()
    assert pending.status == Registration.Status.AWAITING_APPROVAL
    run_db_worker()  # the deployment's worker, a moment later
    page.get_by_role("link", name="Follow the progress").click()
    expect(page.locator("#content")).to_contain_text("1 registration approved.")
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


def test_the_message_preview_scrolls_by_keyboard_and_passes_axe(page, organiser):
    conference = ConferenceFactory(title="Bridge Continents 2099", slug="bridge-2099")
    RegistrationFactory(conference=conference, given_name="Marie", email="marie@example.fr")
    log_in(page, organiser)

    page.goto("/admin/messaging/groupmessage/add/")
    page.get_by_label("Conference").select_option(label=conference.title)
    page.get_by_label("Subject (English)").fill("Programme")
    # One long line: the texts scroll sideways inside their boxes.
    page.get_by_label("Message (English)").fill("See " + "/programme" * 40 + " before Monday.")
    page.get_by_role("button", name="Show the recipients and a preview").click()

    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    text_part = page.get_by_role("region", name="Text part")
    assert text_part.evaluate("pre => pre.scrollWidth > pre.clientWidth")
    # The keyboard reaches it and scrolls it (axe: scrollable-region-focusable).
    text_part.focus()
    assert text_part.evaluate("pre => document.activeElement === pre")
    page.keyboard.press("ArrowRight")
    # The browser scrolls smoothly: wait for the box to have moved.
    page.wait_for_function("pre => pre.scrollLeft > 0", arg=text_part.element_handle())
    # Each language's text wraps in the table instead, so the page fits a phone.
    texts = page.locator(".message-texts pre").first
    assert texts.evaluate("pre => pre.scrollWidth <= pre.clientWidth")
    # axe at phone and desktop width, without its CSS preload: that reads the @import in
    # Django's forms.css by inserting the imported sheet as a <style> element, which the
    # Content Security Policy refuses (a console error); only its css-orientation-lock rule
    # uses it.
    screenshot(page, "admin-message-preview")
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        assert_accessible(page, preload=False)

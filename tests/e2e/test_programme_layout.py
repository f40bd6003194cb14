"""The programme in a browser: agenda cards on a phone, a grid by room and time on a wide
screen, and the day and track filters with and without JavaScript."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import DESKTOP, PHONE, assert_accessible, screenshot
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
)

START = dt.datetime(2030, 5, 16, 2, 0, tzinfo=dt.UTC)  # 09:00 in Tomsk


@pytest.fixture
def week(transactional_db):
    """Two days in Tomsk: an opening for everyone, two talks at once in two rooms, a
    coffee break, and a talk on the second day; two tracks."""
    conference = ConferenceFactory(
        title="Bridge Continents 2030",
        slug="bridge-2030",
        time_zone="Asia/Tomsk",
        starts_at=START,
        ends_at=START + dt.timedelta(days=2),
    )
    science = TopicFactory(conference=conference, title="Open science")
    education = TopicFactory(conference=conference, title="Engineering education")
    hall = RoomFactory(conference=conference, name="Great Hall")
    lab = RoomFactory(conference=conference, name="Laboratory 3")
    hour = dt.timedelta(hours=1)
    plan = [
        ("opening", "Opening: three anniversaries", "plenary", hall, None, 0),
        (
            "open-data",
            "Open data across two continents and three time zones",
            "panel",
            hall,
            science,
            1,
        ),
        ("teaching", "Teaching engineering in two languages", "workshop", lab, education, 1),
        ("coffee", "Coffee break", "break", None, None, 2),
        ("archives", "Archives and open science", "panel", lab, science, 24),
    ]
    speaker = SpeakerFactory(name="Anna Dean", slug="anna-dean")
    for slug, title, kind, room, topic, hours in plan:
        session = SessionFactory(
            conference=conference,
            slug=slug,
            title=title,
            kind=kind,
            format="online" if kind == "panel" else "in_person",
            room=room,
            topic=topic,
            starts_at=START + hours * hour,
            ends_at=START + hours * hour + (hour / 2 if kind == "break" else hour),
        )
        session.speakers.add(speaker)
    conference.science = science
    conference.education = education
    return conference


def programme(conference):
    return f"/events/{conference.slug}/programme/"


def box(page, slug):
    return page.locator(f"#session-{slug}").bounding_box()


def test_phone_shows_agenda_cards_without_sideways_scroll(page, week):
    page.set_viewport_size(PHONE)
    page.goto(programme(week))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    open_data, teaching = box(page, "open-data"), box(page, "teaching")
    # One card under the other, each the width of the screen but for its margins.
    assert teaching["y"] >= open_data["y"] + open_data["height"]
    assert open_data["x"] == teaching["x"]
    for card in (open_data, teaching):
        assert 300 <= card["width"] <= PHONE["width"]
    # The grid's room headings and time axis are not shown: each card names its room.
    expect(page.locator(".programme-room-head").first).to_be_hidden()
    card = page.locator("#session-teaching")
    expect(card).to_contain_text("10:00–11:00")
    expect(card).to_contain_text("Laboratory 3")
    expect(card).to_contain_text("Workshop")
    expect(card).to_contain_text("In person")
    expect(card).to_contain_text("Engineering education")
    expect(card).to_contain_text("Anna Dean")
    assert_accessible(page)


def test_phone_cards_give_the_visitor_s_and_the_event_s_time(page, week):
    page.set_viewport_size(PHONE)
    page.goto(programme(week) + "?tz=Europe/Brussels")
    card = page.locator("#session-teaching")
    expect(card).to_contain_text("05:00–06:00 UTC+2")
    expect(card).to_contain_text("Tomsk 10:00–11:00 UTC+7")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_wide_screen_shows_a_grid_by_room_and_time(page, week):
    page.set_viewport_size(DESKTOP)
    page.goto(programme(week))
    open_data, teaching = box(page, "open-data"), box(page, "teaching")
    # Two sessions at the same time in two rooms: side by side, on the same row.
    assert open_data["y"] == teaching["y"]
    assert open_data["height"] == teaching["height"]
    assert open_data["x"] + open_data["width"] <= teaching["x"]
    # Each under its room's heading.
    heads = page.locator('[data-day="2030-05-16"] .programme-room-head')
    expect(heads).to_have_text(["Great Hall", "Laboratory 3"])
    hall_head, lab_head = heads.nth(0).bounding_box(), heads.nth(1).bounding_box()
    assert abs(hall_head["x"] - open_data["x"]) < 1
    assert abs(lab_head["x"] - teaching["x"]) < 1
    # The opening and the break, alone at their time, span both rooms.
    for wide in ("opening", "coffee"):
        spans = box(page, wide)
        assert abs(spans["x"] - open_data["x"]) < 1
        assert abs(spans["x"] + spans["width"] - (teaching["x"] + teaching["width"])) < 1
    opening, coffee = box(page, "opening"), box(page, "coffee")
    assert opening["y"] + opening["height"] <= open_data["y"]
    assert open_data["y"] + open_data["height"] <= coffee["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert_accessible(page)
    screenshot(page, "programme-grid", accessible=True)


def test_javascript_filters_at_once_without_a_reload(page, week):
    page.goto(programme(week))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Track", exact=True).select_option(label="Open science")
    for hidden in ("opening", "teaching", "coffee"):
        expect(page.locator(f"#session-{hidden}")).to_be_hidden()
    for shown in ("open-data", "archives"):
        expect(page.locator(f"#session-{shown}")).to_be_visible()
    expect(page.locator("[data-programme-count]")).to_have_text("Sessions shown: 2 of 5")
    expect(page).to_have_url(re.compile(rf"\?track={week.science.pk}$"))

    page.get_by_label("Day", exact=True).select_option(label="Friday 17 May 2030")
    expect(page.locator("#session-open-data")).to_be_hidden()
    expect(page.locator("#session-archives")).to_be_visible()
    expect(page.get_by_role("heading", name="Thursday 16 May 2030")).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"\?track={week.science.pk}&day=2030-05-17$"))
    expect(page.locator("[data-programme-count]")).to_have_text("Sessions shown: 1 of 5")

    page.get_by_label("Track", exact=True).select_option(label="Engineering education")
    expect(page.get_by_text("No session matches these filters.")).to_be_visible()
    # Keyboard: the form's button applies the filters too, still without a reload.
    page.get_by_label("Day", exact=True).select_option(label="All days")
    page.get_by_role("button", name="Filter", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#session-teaching")).to_be_visible()
    expect(page.locator("[data-programme-count]")).to_have_text("Sessions shown: 1 of 5")
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)


def test_without_javascript_the_form_filters_on_the_server(browser, live_server, week):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(programme(week))
        page.get_by_label("Day", exact=True).select_option(label="Thursday 16 May 2030")
        page.get_by_label("Track", exact=True).select_option(label="Engineering education")
        page.get_by_role("button", name="Filter", exact=True).click()
        expect(page).to_have_url(re.compile(rf"\?day=2030-05-16&track={week.education.pk}$"))
        expect(page.locator("article.programme-session")).to_have_count(1)
        expect(page.locator("#session-teaching")).to_be_visible()
        expect(page.get_by_text("Sessions shown: 1 of 5")).to_be_visible()
        expect(page.get_by_role("link", name="Show the whole programme")).to_be_visible()
    finally:
        context.close()

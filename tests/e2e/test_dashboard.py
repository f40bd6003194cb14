"""The organisers' dashboard in Chromium: the seed conference with 500 registrations and
check-ins over its days; the page runs clean under the Content Security Policy (the page
fixture fails on any console error, a CSP violation included), axe-core and the W3C Nu
checker find nothing, and the charts fit a phone.

With UPDATE_README_SCREENSHOT=1 it also writes docs/dashboard.png, the picture in
docs/organising.md:
    UPDATE_README_SCREENSHOT=1 .venv/bin/python -m pytest tests/e2e/test_dashboard.py
"""

import datetime as dt
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from attending.services import check_in
from attending.tickets import ticket_for
from events.models import Conference
from registration.models import Registration
from tests.dashboard import sample
from tests.e2e.checks import BASE_DIR, DESKTOP, assert_valid_html, screenshot
from tests.e2e.second_factor import sign_in
from tests.factories import RegistrationFactory

PASSWORD = "a long organiser password"
README_PICTURE = BASE_DIR / "docs" / "dashboard.png"
# Names longer than the room before the bars, among the top institutions.
LONG_INSTITUTIONS = [
    "Национальный исследовательский Томский политехнический университет",
    "中国科学院大学材料科学与光电技术学院国家重点实验室分部",
    "MASSACHUSETTS INSTITUTE OF TECHNOLOGY, DEPARTMENT OF MATHEMATICS",
]
# Every text of every chart, as Chromium lays it out: where it starts and ends, in the
# drawing's own units, against the width of its viewBox.
TEXT_EXTENTS = """svgs => svgs.flatMap(svg => [...svg.querySelectorAll("text")].map(text => {
    const box = text.getBBox();
    return {text: text.textContent, left: box.x, right: box.x + box.width,
            top: box.y, bottom: box.y + box.height,
            width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height};
}))"""
# Each tile's label, figure and note, in CSS pixels (a tile without a note counts as 16).
TILE_SIZES = """tiles => tiles.map(tile => {
    const size = element => element ? parseFloat(getComputedStyle(element).fontSize) : 16;
    return [size(tile.querySelector("dt")), size(tile.querySelector(".dashboard-tile-value")),
            size(tile.querySelector(".dashboard-tile-note"))];
})"""


@pytest.fixture
def seed_conference(transactional_db):
    call_command("load_conference", stdout=io.StringIO())
    conference = Conference.objects.get(slug="science-and-technology-bridge-continents")
    sample.fill(conference, 500, until=conference.starts_at - dt.timedelta(days=7))
    guests = Registration.objects.filter(
        conference=conference, status="confirmed", attendance_mode="in_person"
    ).order_by("pk")
    for day, arrivals in enumerate((110, 86, 64)):
        moment = conference.starts_at + dt.timedelta(days=day, hours=1)
        for guest in guests[:arrivals]:
            check_in(ticket=ticket_for(guest), desk="Main hall", now=moment)
    for institution in LONG_INSTITUTIONS:
        RegistrationFactory.create_batch(10, conference=conference, institution=institution)
    return conference


@pytest.fixture
def organiser(transactional_db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password=PASSWORD
    )


def test_the_dashboard_draws_the_seed_conference(page, organiser, seed_conference, tmp_path):
    sign_in(page, organiser, PASSWORD)

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    # The headline tiles: large figures, labels at 1rem (16 px) at least, inside a phone's
    # width too.
    tiles = page.locator(".dashboard-tile")
    expect(tiles).to_have_count(5)
    expect(page.locator("#tile-registered dt")).to_have_text("Registered")
    expect(page.locator("#tile-visas-pending dt")).to_have_text("Visas pending")
    sizes = tiles.evaluate_all(TILE_SIZES)
    assert all(label >= 16 and note >= 16 and value >= 32 for label, value, note in sizes)
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = tiles.evaluate_all(
        "tiles => tiles.filter(t => t.getBoundingClientRect().right > "
        "document.documentElement.clientWidth).length"
    )
    assert overflow == 0
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("img", name="Registrations over time")).to_be_visible()
    expect(page.get_by_role("img", name="Check-ins per day")).to_be_visible()
    # The figures are a click away, as a table.
    status = page.locator("#chart-status")
    status.get_by_text("The figures as a table").click()
    expect(status.get_by_role("table", name="Registrations by status")).to_be_visible()
    # The bars take their colour from static/css/dashboard.css, not from a style attribute.
    bar = page.locator("#chart-status rect").first
    assert bar.evaluate("rect => getComputedStyle(rect).fill") == "rgb(65, 118, 144)"
    # Every label, the long institutions' too, is drawn inside its chart (a long name once
    # started at x = -15), and a shortened one keeps its whole name as a tooltip.
    extents = page.locator(".conference-dashboard svg.dashboard-svg").evaluate_all(TEXT_EXTENTS)
    assert len(extents) > 50
    outside = [
        extent
        for extent in extents
        if extent["left"] < 0
        or extent["right"] > extent["width"]
        or extent["top"] < 0
        or extent["bottom"] > extent["height"]
    ]
    assert outside == []
    institutions = page.locator("#chart-institution")
    for name in LONG_INSTITUTIONS:
        expect(institutions.locator("svg text title", has_text=name)).to_have_count(1)
    screenshot(page, "admin-dashboard", accessible=True)
    # The inline SVG is valid HTML too (the W3C Nu checker).
    assert_valid_html({"dashboard.html": page.content()}, tmp_path / "html")

    if os.environ.get("UPDATE_README_SCREENSHOT"):
        status.get_by_text("The figures as a table").click()
        README_PICTURE.parent.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 1400, "height": 900})
        page.locator(".conference-dashboard").screenshot(path=str(README_PICTURE))

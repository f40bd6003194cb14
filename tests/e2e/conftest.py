"""Browser tests: Debian's Chromium, driven by Playwright for Python, against a live server.

Every test here is marked ``e2e`` and runs as part of ``make test``. Playwright's own browser
download is not used: the tests launch the Chromium that ``apt-get install chromium`` puts
at /usr/bin/chromium (``make test`` and ``.ci/run`` install it when it is missing).

What the tests check on each page (screenshots, axe-core, the W3C Nu checker) is in checks.py.
"""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from events.models import Conference
from tests.e2e.checks import DESKTOP
from tests.factories import ConferenceFactory, RoomFactory, SessionFactory, SpeakerFactory

# Playwright's sync API runs an event loop in the test's thread; Django's ORM would refuse
# to run beside it. The test thread never shares a connection with the live server's thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            "The browser tests need Debian's Chromium at /usr/bin/chromium: "
            "run `apt-get install chromium` (as root, `make test` does it for you).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []

    def on_console(message):
        # A page's own status (a 404 page, say) is the test's to assert; anything the page
        # loads or runs must succeed.
        url = message.location.get("url")
        own_status = message.text.startswith("Failed to load resource") and url == page.url
        if message.type == "error" and not own_status:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    yield page
    # A CSP violation or a script error shows up here: the page must run clean.
    assert errors == []


OPENING_UTC = dt.datetime(2022, 5, 16, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def tpu_conference(transactional_db):
    """The seed conference as `make run` loads it, with one session, room and speaker."""
    call_command("load_conference", stdout=io.StringIO())
    conference = Conference.objects.get(slug="science-and-technology-bridge-continents")
    session = SessionFactory(
        conference=conference,
        title="Opening: three anniversaries",
        slug="opening",
        starts_at=OPENING_UTC,
        ends_at=OPENING_UTC + dt.timedelta(hours=1, minutes=30),
        room=RoomFactory(conference=conference, name="Great Hall"),
        topic=conference.topics.first(),
    )
    session.speakers.add(SpeakerFactory(name="Rector of TPU", slug="rector-of-tpu"))
    return conference


@pytest.fixture
def open_conference(transactional_db):
    """A hybrid conference ahead, registration open, one in-person seat."""
    starts = dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC)
    return ConferenceFactory(
        title="Bridge Continents 2099",
        slug="bridge-2099",
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=4),
        in_person_capacity=1,
    )

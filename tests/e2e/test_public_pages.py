"""Every public page: axe-core finds no violation, the W3C Nu checker no error, and screenshots."""

import pytest
from django.urls import reverse

from tests.e2e.checks import assert_accessible, assert_valid_html, screenshot
from tests.factories import RegistrationFactory

SLUG = "science-and-technology-bridge-continents"

# Name (used for screenshot files), URL and the heading a visitor sees.
PUBLIC_PAGES = [
    # The featured conference is the next upcoming one.
    ("home", reverse("events:home"), "Bridge Continents 2099"),
    ("events", reverse("events:conference_list"), "All conferences"),
    (
        "event",
        reverse("events:conference_detail", kwargs={"slug": SLUG}),
        "Science and Technology Bridge Continents",
    ),
    ("programme", reverse("events:programme", kwargs={"slug": SLUG}), "Programme"),
    (
        "session",
        reverse("events:session_detail", kwargs={"slug": SLUG, "session_slug": "opening"}),
        "Opening: three anniversaries",
    ),
    ("speakers", reverse("events:speakers", kwargs={"slug": SLUG}), "Speakers"),
    (
        "live-from-your-region",
        reverse("events:programme_regions", kwargs={"slug": SLUG}),
        "Live from your region",
    ),
    (
        "register",
        reverse("registration:register", kwargs={"slug": "bridge-2099"}),
        "Register for Bridge Continents 2099",
    ),
    (
        "register-sent",
        reverse("registration:register_sent", kwargs={"slug": "bridge-2099"}),
        "Check your inbox",
    ),
    (
        "register-closed",
        reverse("registration:register", kwargs={"slug": SLUG}),
        "Registration for Science and Technology Bridge Continents",
    ),
    (
        "participants",
        reverse("registration:participants", kwargs={"slug": "bridge-2099"}),
        "Participants",
    ),
    ("privacy", reverse("registration:privacy"), "Privacy notice for conference registration"),
    ("not-found", "/events/no-such-conference/", "Page not found"),
]


@pytest.fixture
def listed_participant(open_conference):
    """Someone on the public participant list, so that the list has a row to check."""
    return RegistrationFactory(
        conference=open_conference, given_name="Ingrid", family_name="Berg", list_publicly=True
    )


@pytest.mark.parametrize(("name", "url", "heading"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_is_accessible_at_phone_and_desktop_widths(
    page, tpu_conference, listed_participant, name, url, heading
):
    response = page.goto(url)

    assert response.status == (404 if name == "not-found" else 200)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    screenshot(page, name)


def test_every_page_is_valid_html(
    client, tpu_conference, open_conference, listed_participant, tmp_path
):
    registration = RegistrationFactory(conference=open_conference, status="pending_email")
    private_pages = [
        ("manage", registration.get_absolute_url()),
        (
            "confirm",
            reverse("registration:confirm_email", kwargs={"token": registration.manage_token}),
        ),
    ]
    pages = {}
    for name, url in [(name, url) for name, url, _heading in PUBLIC_PAGES] + private_pages:
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        pages[f"{name}.html"] = response.text

    output = assert_valid_html(pages, tmp_path / "html")

    assert "error" not in output.lower()

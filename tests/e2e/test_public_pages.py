"""Every public page: axe-core finds no violation, the W3C Nu checker no error, and screenshots."""

import pytest
from django.urls import reverse

from tests.e2e.checks import assert_accessible, assert_valid_html, screenshot

SLUG = "science-and-technology-bridge-continents"

# Name (used for screenshot files), URL and the heading a visitor sees.
PUBLIC_PAGES = [
    ("home", reverse("events:home"), "Science and Technology Bridge Continents"),
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
    ("not-found", "/events/no-such-conference/", "Page not found"),
]


@pytest.mark.parametrize(("name", "url", "heading"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_is_accessible_at_phone_and_desktop_widths(
    page, tpu_conference, name, url, heading
):
    response = page.goto(url)

    assert response.status == (404 if name == "not-found" else 200)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    screenshot(page, name)


def test_every_public_page_is_valid_html(client, tpu_conference, tmp_path):
    pages = {}
    for name, url, _heading in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        pages[f"{name}.html"] = response.text

    output = assert_valid_html(pages, tmp_path / "html")

    assert "error" not in output.lower()

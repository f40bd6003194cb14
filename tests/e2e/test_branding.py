"""A branded conference page in every language: the logo in the header, the organisers'
logos in the footer, the colour from its own stylesheet; axe-core finds no violation, the
Content Security Policy refuses nothing (the page fixture fails on any console error); the
social preview image the page names (og:image) is there, a 1200x630 PNG in the colour."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from branding.models import Branding, OrganisationLogo
from events.models import Organisation
from tests.branding.conftest import CLEAN_SVG, png_bytes
from tests.e2e.checks import screenshot

pytestmark = pytest.mark.urls("tests.e2e.branding_urls")

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 48">'
    b'<rect width="160" height="48" fill="#00549f"/></svg>'
)


@pytest.fixture
def branded(tpu_conference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Branding.objects.create(
        conference=tpu_conference,
        primary_colour="#00549f",
        logo=SimpleUploadedFile("tpu.svg", LOGO),
    )
    for number, organisation in enumerate(
        Organisation.objects.filter(conference_roles__conference=tpu_conference)
    ):
        OrganisationLogo.objects.create(
            organisation=organisation,
            file=SimpleUploadedFile(
                f"org{number}.png" if number % 2 else f"org{number}.svg",
                png_bytes(size=(160, 80)) if number % 2 else CLEAN_SVG,
            ),
        )
    return tpu_conference


@pytest.mark.parametrize("prefix", ["", "/ru", "/zh-hans"])
def test_a_branded_conference_page_is_accessible_and_clean(page, branded, prefix):
    page.goto(f"{prefix}{branded.get_absolute_url()}")
    logo = page.locator("img.brand-logo")
    assert logo.get_attribute("alt") == page.locator("h1").inner_text()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    footer_logos = page.locator("footer img.footer-logo")
    assert footer_logos.count() == OrganisationLogo.objects.count() > 0
    # Lazy images: they load once the footer is in view, and every one of them must.
    page.locator("footer").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('footer img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    accent = page.locator(".site-header .nav-link").first.evaluate(
        "link => getComputedStyle(link).color"
    )
    assert accent == "rgb(0, 84, 159)"
    screenshot(page, f"branded{prefix.replace('/', '-') or '-en'}", accessible=True)


@pytest.mark.parametrize(
    ("prefix", "language"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")]
)
def test_the_event_page_names_a_1200x630_png_as_its_social_preview(page, branded, prefix, language):
    page.goto(f"{prefix}{branded.get_absolute_url()}")

    def meta(name):
        return page.locator(f'meta[property="{name}"]').get_attribute("content")

    url = meta("og:image")
    # Absolute (a link preview fetches it from elsewhere), in the page's language.
    assert url.startswith(f"{settings.SITE_URL}/")
    assert url.endswith(f"/og/{language}.png")
    # The live server stands in for SITE_URL.
    response = page.request.get(url.removeprefix(settings.SITE_URL))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(response.body())) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
        assert (int(meta("og:image:width")), int(meta("og:image:height"))) == image.size
        assert image.convert("RGB").getpixel((5, 5)) == (0x00, 0x54, 0x9F)
    assert meta("og:image:alt") == page.locator("h1").inner_text()


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


@pytest.mark.parametrize(
    ("size", "ratio"), [({"width": 390, "height": 844}, 8), ({"width": 1280, "height": 800}, 5)]
)
def test_the_header_image_is_a_banner_that_moves_nothing(page, branded, size, ratio):
    branding = Branding.objects.get()
    branding.header_image = SimpleUploadedFile("hall.png", png_bytes(size=(1600, 320)))
    branding.save()
    page.set_viewport_size(size)
    page.goto(branded.get_absolute_url())

    banner = page.locator("img.event-banner")
    page.wait_for_function("() => document.querySelector('img.event-banner').complete")
    assert banner.evaluate("img => img.naturalWidth") == 1600
    box = banner.bounding_box()
    assert abs(box["width"] / box["height"] - ratio) < 0.1
    # Nothing moved while the page, its banner and logos loaded.
    assert page.evaluate(LAYOUT_SHIFT) == 0
    # The facts and the Register (or why there is none) stay in the first screen.
    actions = page.locator(".event-actions")
    assert actions.bounding_box()["y"] + actions.bounding_box()["height"] <= size["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

import datetime as dt
import io

import pytest
from django.conf import settings
from PIL import Image
from pytest_django.asserts import assertInHTML

from branding.models import Branding, OrganisationLogo
from branding.services import save_branding
from events.models import ConferenceOrganisation
from tests.branding.conftest import CLEAN_SVG, png_bytes, upload
from tests.factories import ConferenceFactory, ConferenceOrganisationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def conference():
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        title_ru="Наука и технологии: мосты континентов",
        title_zh_hans="科学与技术：连接大陆",
        slug="bridge-continents",
        starts_at=dt.datetime(2027, 5, 16, 3, tzinfo=UTC),
        ends_at=dt.datetime(2027, 5, 20, 9, tzinfo=UTC),
        venue_city="Tomsk",
    )


@pytest.fixture
def branding(conference):
    return Branding.objects.create(
        conference=conference, primary_colour="#00549F", logo=upload("tpu.svg", CLEAN_SVG)
    )


# --- theme.css ------------------------------------------------------------------------


def test_theme_css_sets_the_colour_as_a_custom_property(client, branding):
    response = client.get("/branding/bridge-continents/theme.css")
    assert response.status_code == 200
    assert response.content == b":root{--brand:#00549f}\n"
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 18
    assert response["Last-Modified"].endswith(" GMT")


def test_theme_css_answers_304_to_a_client_that_has_it(client, branding):
    first = client.get("/branding/bridge-continents/theme.css")
    again = client.get("/branding/bridge-continents/theme.css", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        "/branding/bridge-continents/theme.css", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


def test_theme_css_changes_with_the_colour(client, branding):
    first = client.get("/branding/bridge-continents/theme.css")
    branding.primary_colour = "#0b5d3b"
    branding.save()
    second = client.get("/branding/bridge-continents/theme.css", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.content == b":root{--brand:#0b5d3b}\n"


def test_theme_css_of_an_unbranded_or_unknown_conference_is_missing(client, conference):
    assert client.get("/branding/bridge-continents/theme.css").status_code == 404
    assert client.get("/branding/nothing-here/theme.css").status_code == 404


def test_theme_css_refuses_post(client, branding):
    assert client.post("/branding/bridge-continents/theme.css").status_code == 405


# --- og:image ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_the_generated_og_image_is_a_1200x630_png(client, branding, language):
    response = client.get(f"/branding/bridge-continents/og/{language}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
        # The background is the conference's colour.
        assert image.convert("RGB").getpixel((5, 5)) == (0x00, 0x54, 0x9F)


def test_each_language_gets_its_own_image(client, branding):
    bodies = {
        language: client.get(f"/branding/bridge-continents/og/{language}.png").content
        for language in ("en", "ru", "zh-hans")
    }
    assert len(set(bodies.values())) == 3


def test_an_unbranded_conference_gets_an_image_in_the_site_colour(client, conference):
    response = client.get("/branding/bridge-continents/og/en.png")
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == (1200, 630)
        assert image.convert("RGB").getpixel((5, 5)) == (0x0B, 0x5D, 0x3B)


def test_the_og_image_is_cached_and_follows_changes(client, branding):
    first = client.get("/branding/bridge-continents/og/en.png")
    again = client.get("/branding/bridge-continents/og/en.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    branding.primary_colour = "#0b5d3b"
    branding.save()
    changed = client.get("/branding/bridge-continents/og/en.png")
    assert changed.content != first.content


def test_an_uploaded_og_image_is_served_instead(client, branding):
    uploaded = png_bytes(size=(1200, 630), colour="#123456")
    branding.og_image = upload("social.png", uploaded)
    branding.save()
    for language in ("en", "ru"):
        response = client.get(f"/branding/bridge-continents/og/{language}.png")
        assert response.content == uploaded


@pytest.mark.parametrize("path", ["og/fr.png", "og/en.jpg", "og/.png"])
def test_an_unknown_language_or_form_is_missing(client, branding, path):
    assert client.get(f"/branding/bridge-continents/{path}").status_code == 404


def test_the_og_image_of_an_unknown_conference_is_missing(client):
    assert client.get("/branding/nothing-here/og/en.png").status_code == 404


# --- the pages --------------------------------------------------------------------------


def test_the_conference_page_links_the_theme_and_shows_the_logo(client, branding):
    response = client.get("/events/bridge-continents/")
    version = "00549f"
    assert f'<link rel="stylesheet" href="/branding/bridge-continents/theme.css?v={version}">' in (
        response.content.decode()
    )
    # Bootstrap, the site's and the event pages' (event.css), then the conference's.
    assert response.content.decode().count('<link rel="stylesheet"') == 4
    # The SVG's viewBox is 120x40: shown 48 high, 144 wide.
    assertInHTML(
        f'<img class="brand-logo" src="/media/{branding.logo.name}" '
        'alt="Science and Technology Bridge Continents" width="144" height="48">',
        response.content.decode(),
    )


def test_the_footer_shows_the_organisers_logos(client, branding, conference):
    tpu = OrganisationFactory(name="Tomsk Polytechnic University", acronym="TPU")
    cesaer = OrganisationFactory(name="CESAER", acronym="")
    ConferenceOrganisationFactory(
        conference=conference, organisation=tpu, role=ConferenceOrganisation.Role.HOST, order=0
    )
    ConferenceOrganisationFactory(conference=conference, organisation=cesaer, order=1)
    OrganisationFactory(name="Not taking part")
    tpu_logo = OrganisationLogo.objects.create(
        organisation=tpu, file=upload("tpu.png", png_bytes(size=(200, 100)))
    )
    cesaer_logo = OrganisationLogo.objects.create(
        organisation=cesaer, file=upload("cesaer.svg", CLEAN_SVG)
    )
    html = client.get("/events/bridge-continents/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>") + len("</footer>")]
    assertInHTML(
        f'<img class="footer-logo" src="/media/{tpu_logo.file.name}" '
        'alt="Tomsk Polytechnic University" width="80" height="40" loading="lazy">',
        footer,
    )
    assertInHTML(
        f'<img class="footer-logo" src="/media/{cesaer_logo.file.name}" '
        'alt="CESAER" width="120" height="40" loading="lazy">',
        footer,
    )
    assert footer.index("Tomsk Polytechnic University") < footer.index('alt="CESAER"')


def test_a_page_without_branding_has_no_theme_and_no_logo(client, conference):
    html = client.get("/events/bridge-continents/").content.decode()
    assert "/theme.css" not in html
    assert "brand-logo" not in html
    assert "footer-logo" not in html
    html = client.get("/events/").content.decode()
    assert "/theme.css" not in html


@pytest.mark.parametrize(
    ("prefix", "language"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")]
)
def test_the_conference_page_names_its_og_image(client, conference, prefix, language):
    html = client.get(f"{prefix}/events/bridge-continents/").content.decode()
    url = f"{settings.SITE_URL}/branding/bridge-continents/og/{language}.png"
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html


def test_branding_and_organisers_logos_cost_no_further_query(client, conference):
    """The page pays one query for its look (branding.services.theme_for) whether or not
    there is any, and it does not grow with the organisations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain:
        client.get("/events/bridge-continents/?tz=Europe/Moscow")
    Branding.objects.create(conference=conference, primary_colour="#00549f")
    for _ in range(3):
        ConferenceOrganisationFactory(conference=conference)
    with CaptureQueriesContext(connection) as branded:
        client.get("/events/bridge-continents/?tz=Europe/Moscow")
    assert len(branded) == len(plain)


def test_the_header_image_is_a_banner_sized_before_it_loads(client, branding):
    branding.header_image = upload("hall.png", png_bytes(size=(1600, 320)))
    save_branding(branding=branding)
    html = client.get("/events/bridge-continents/").content.decode()
    assertInHTML(
        f'<img class="event-banner" src="/media/{branding.header_image.name}" alt="" '
        'width="1600" height="320" fetchpriority="high">',
        html,
    )
    # The banner comes before the title and the facts, once.
    assert html.count('class="event-banner"') == 1
    assert html.index('class="event-banner"') < html.index('id="conference-title"')


def test_without_a_header_image_there_is_no_banner(client, branding):
    assert 'class="event-banner"' not in client.get("/events/bridge-continents/").content.decode()

"""Three languages at their own URLs: English unprefixed, /ru/... and /zh-hans/..."""

import re
from xml.etree import ElementTree

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from pytest_django.asserts import assertContains

from events.page_cache import cache_public_page
from tests.factories import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")]


def opening(response):
    """The first two lines of a page: the doctype and the <html> element."""
    return response.content.decode().splitlines()[:2]


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_each_language_answers_at_its_own_url(client, prefix, language):
    conference = ConferenceFactory()
    for path in ("/", "/events/", f"/events/{conference.slug}/", "/privacy/"):
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert opening(response) == ["<!doctype html>", f'<html lang="{language}">'], path
        assert response["Content-Language"] == language


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_links_on_a_page_stay_in_its_language(client, prefix, language):
    conference = ConferenceFactory()
    response = client.get(f"{prefix}/events/{conference.slug}/register/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{prefix}/events/"' in html
    assert f'action="{prefix}/events/{conference.slug}/register/"' in html


def test_english_stays_unprefixed_whatever_the_browser_prefers(client):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert response.status_code == 200
    assert opening(response)[1] == '<html lang="en">'
    assert client.get("/en/events/").status_code == 404


def test_a_language_the_site_does_not_speak_is_not_found(client):
    assert client.get("/de/events/").status_code == 404


def test_an_unknown_page_says_so_in_the_language_of_its_url(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert opening(response)[1] == '<html lang="ru">'


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_calendar_files_exist_per_language(client, prefix, language):
    session = SessionFactory()
    slug = session.conference.slug
    for path in (
        f"/events/{slug}/calendar.ics",
        f"/events/{slug}/programme.ics",
        f"/events/{slug}/programme/{session.slug}.ics",
    ):
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/calendar; charset=utf-8", path


def test_site_wide_endpoints_keep_their_one_address(client, admin_client):
    assert client.get("/healthz").content == b"ok"
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    for path in ("/ru/healthz", "/ru/robots.txt", "/ru/sitemap.xml"):
        assert client.get(path).status_code == 404, path


def test_robots_txt_hides_the_personal_pages_of_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert [line for line in lines if "registration/manage" in line] == [
        "Disallow: /registration/manage/",
        "Disallow: /ru/registration/manage/",
        "Disallow: /zh-hans/registration/manage/",
    ]
    for path in ("join", "delegation", "verify", "checkin"):
        assert [line for line in lines if f"/{path}/" in line] == [
            f"Disallow: /{path}/",
            f"Disallow: /ru/{path}/",
            f"Disallow: /zh-hans/{path}/",
        ]


def test_each_language_is_cached_apart(client):
    conference = ConferenceFactory()
    english = client.get(f"/events/{conference.slug}/")
    russian = client.get(f"/ru/events/{conference.slug}/")
    again = client.get(f"/events/{conference.slug}/")
    assert opening(russian)[1] == '<html lang="ru">'
    assert again.content == english.content


def test_the_page_cache_keys_on_the_active_language():
    @cache_public_page
    def view(request):
        return HttpResponse(translation.get_language())

    request = RequestFactory().get("/same/path/")
    with translation.override("en"):
        assert view(request).content == b"en"
    with translation.override("ru"):
        assert view(request).content == b"ru"
    with translation.override("en"):
        assert view(request).content == b"en"


def alternates(response):
    """The page's hreflang links: [(hreflang, href), ...] in document order."""
    return re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
    )


def test_the_switcher_leads_to_the_same_page_in_each_language(client):
    conference = ConferenceFactory()
    response = client.get(f"/ru/events/{conference.slug}/")
    # The switcher's name is in the page's language; each language's own name in itself.
    assertContains(
        response,
        f"""<nav class="language-switcher ms-auto" aria-label="Язык">
        <ul class="navbar-nav flex-wrap">
        <li class="nav-item"><a class="nav-link" href="/events/{conference.slug}/" lang="en"
            hreflang="en">English</a></li>
        <li class="nav-item"><a class="nav-link active" href="/ru/events/{conference.slug}/"
            lang="ru" hreflang="ru" aria-current="page">Русский</a></li>
        <li class="nav-item"><a class="nav-link" href="/zh-hans/events/{conference.slug}/"
            lang="zh-hans" hreflang="zh-hans">简体中文</a></li>
        </ul></nav>""",
        html=True,
    )


def test_the_switcher_keeps_the_chosen_zone(client):
    session = SessionFactory()
    response = client.get(f"/events/{session.conference.slug}/programme/?tz=Asia/Shanghai")
    assertContains(
        response,
        f'<a class="nav-link" href="/zh-hans/events/{session.conference.slug}/programme/'
        '?tz=Asia%2FShanghai" lang="zh-hans" hreflang="zh-hans">简体中文</a>',
        html=True,
    )


def test_the_brand_link_leads_home_in_the_same_language(client):
    response = client.get("/zh-hans/events/")
    assertContains(
        response,
        '<a class="navbar-brand fw-semibold" href="/zh-hans/">托木斯克理工大学会议</a>',
        html=True,
    )


@pytest.mark.parametrize("prefix", ["", "/ru", "/zh-hans"])
def test_every_page_names_its_alternates_with_english_as_default(client, settings, prefix):
    settings.SITE_URL = "https://conference.example.org"
    conference = ConferenceFactory()
    response = client.get(f"{prefix}/events/{conference.slug}/")
    site = "https://conference.example.org"
    assert alternates(response) == [
        ("en", f"{site}/events/{conference.slug}/"),
        ("x-default", f"{site}/events/{conference.slug}/"),
        ("ru", f"{site}/ru/events/{conference.slug}/"),
        ("zh-hans", f"{site}/zh-hans/events/{conference.slug}/"),
    ]


def test_a_missing_page_has_no_alternates_and_offers_each_home_page(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert alternates(response) == []
    assertContains(
        response,
        '<a class="nav-link" href="/zh-hans/" lang="zh-hans" hreflang="zh-hans">简体中文</a>',
        html=True,
        status_code=404,
    )


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(client):
    session = SessionFactory()
    slug = session.conference.slug
    # Our own sitemap, not untrusted input.
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    entries = {
        url.find("s:loc", namespaces).text.split("://", 1)[1].split("/", 1)[1]: [
            (link.get("hreflang"), link.get("href").split("://", 1)[1].split("/", 1)[1])
            for link in url.findall("x:link", namespaces)
        ]
        for url in root.findall("s:url", namespaces)
    }
    for page in (f"events/{slug}/", f"events/{slug}/programme/", f"events/{slug}/speakers/"):
        expected = [
            ("en", page),
            ("ru", f"ru/{page}"),
            ("zh-hans", f"zh-hans/{page}"),
            ("x-default", page),
        ]
        for location in (page, f"ru/{page}", f"zh-hans/{page}"):
            assert entries.pop(location) == expected
    assert entries == {}


def test_the_switcher_carries_a_known_zone_and_nothing_else_a_visitor_sends(client):
    ConferenceFactory(slug="bridge")
    page = client.get("/events/bridge/programme/?tz=Asia/Shanghai&x=xq7marker").content.decode()
    assert 'href="/ru/events/bridge/programme/?tz=Asia%2FShanghai"' in page
    assert "xq7marker" not in page

    unknown = client.get("/events/bridge/programme/?tz=Mars/Olympus_Mons").content.decode()
    assert 'href="/ru/events/bridge/programme/"' in unknown
    assert "programme/?tz=Mars" not in unknown

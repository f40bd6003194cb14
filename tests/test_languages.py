"""Three languages at their own URLs: English unprefixed, /ru/... and /zh-hans/..."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

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
    for path in ("/ru/healthz", "/ru/robots.txt", "/ru/sitemap.xml", "/ru/admin/"):
        assert client.get(path).status_code == 404, path


def test_robots_txt_hides_the_personal_pages_of_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert [line for line in lines if "registration/manage" in line] == [
        "Disallow: /registration/manage/",
        "Disallow: /ru/registration/manage/",
        "Disallow: /zh-hans/registration/manage/",
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

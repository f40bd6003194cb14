"""Organisers choose the admin's language: /admin/ in English, /ru/admin/ in Russian,
/zh-hans/admin/ in Chinese, with the choice offered in the admin's header and kept by every
link and redirect inside."""

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_an_organiser_who_chooses_russian_gets_the_changelist_in_russian(admin_client):
    ConferenceFactory(title="Bridge Continents")
    response = admin_client.get("/ru/admin/events/conference/")
    assert response.status_code == 200
    assertContains(response, '<html lang="ru"')
    assertContains(response, "Выберите")  # Django's own Russian: "Select ... to change"
    assertContains(response, "Добавить")


def test_the_english_admin_stays_english(admin_client):
    response = admin_client.get("/admin/events/conference/")
    assertContains(response, '<html lang="en"')
    assertContains(response, "Select conference to change")
    assertNotContains(response, "Выберите")


def test_chinese_admin_is_there_too(admin_client):
    response = admin_client.get("/zh-hans/admin/")
    assertContains(response, '<html lang="zh-hans"')
    assertContains(response, "站点管理")  # Django's "Site administration"


def test_the_admin_header_offers_this_page_in_every_language(admin_client):
    response = admin_client.get("/ru/admin/events/session/")
    assertContains(
        response,
        '<a href="/admin/events/session/" lang="en" hreflang="en">English</a>',
        html=True,
    )
    assertContains(
        response,
        '<a href="/ru/admin/events/session/" lang="ru" hreflang="ru" aria-current="page">'
        "Русский</a>",
        html=True,
    )
    assertContains(
        response,
        '<a href="/zh-hans/admin/events/session/" lang="zh-hans" hreflang="zh-hans">简体中文</a>',
        html=True,
    )


def test_the_login_page_offers_the_languages_and_logs_in_to_the_chosen_one(client):
    response = client.get("/ru/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/admin/login/?next=/ru/admin/"
    login = client.get(response["Location"])
    assertContains(login, '<html lang="ru"')
    assertContains(login, 'hreflang="en"')


def test_saving_in_the_russian_admin_returns_to_the_russian_list(admin_client):
    from tests.events.conftest import _conference_form_data

    conference = ConferenceFactory(title="Bridge Continents")
    with translation.override("ru"):
        url = reverse("admin:events_conference_change", args=[conference.pk])
    assert url == f"/ru/admin/events/conference/{conference.pk}/change/"

    response = admin_client.post(url, _conference_form_data(conference, title_ru="Мосты"))

    assert response.status_code == 302
    assert response["Location"] == "/ru/admin/events/conference/"
    conference.refresh_from_db()
    assert (conference.title_en, conference.title_ru) == ("Bridge Continents", "Мосты")


def test_an_unknown_language_prefix_is_not_an_admin(admin_client):
    assert admin_client.get("/de/admin/").status_code == 404


def test_robots_keep_out_of_the_admin_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert [line for line in lines if "admin" in line] == [
        "Disallow: /admin/",
        "Disallow: /ru/admin/",
        "Disallow: /zh-hans/admin/",
    ]


def test_the_admin_change_form_runs_no_inline_script(admin_client):
    """The Content Security Policy allows scripts from our origin only; the side-by-side
    translated fields need none of their own."""
    conference = ConferenceFactory()
    response = admin_client.get(f"/ru/admin/events/conference/{conference.pk}/change/")
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in page
    assert "onclick=" not in page
    assert "title_ru" in page


def test_every_events_label_is_marked_for_translation():
    """Model and field names the admin shows are gettext_lazy strings, so the Russian and
    Chinese catalogues translate them (a plain string would stay English)."""
    from django.apps import apps
    from django.utils.functional import Promise

    unmarked = []
    if not isinstance(apps.get_app_config("events").verbose_name, Promise):
        unmarked.append("events app")
    for model in apps.get_app_config("events").get_models():
        options = model._meta
        for label in (options.verbose_name, options.verbose_name_plural):
            if not isinstance(label, Promise):
                unmarked.append(f"{model.__name__}: {label}")
        for field in options.get_fields():
            own = field.concrete and not field.auto_created
            if own and not isinstance(field.verbose_name, Promise):
                unmarked.append(f"{model.__name__}.{field.name}")
    assert unmarked == []


def test_view_site_leads_to_the_home_page_in_the_admins_language(admin_client):
    assertContains(admin_client.get("/ru/admin/"), '<a href="/ru/">Открыть сайт</a>', html=True)
    assertContains(admin_client.get("/admin/"), '<a href="/">View site</a>', html=True)

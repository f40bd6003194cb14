"""Every public page in English, Russian and Chinese: axe-core finds no violation at phone or
desktop width, nothing scrolls sideways (Russian's long words included), the W3C Nu checker
finds no error, and screenshots of each (test-artifacts/screenshots/<language>-<page>-*.png)."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Session
from tests.e2e.checks import assert_valid_html, screenshot
from tests.factories import RegistrationFactory

SLUG = "science-and-technology-bridge-continents"
LANGUAGES = ["en", "ru", "zh-hans"]

# Name (used for screenshot files), URL name and arguments, and the heading a visitor sees in
# each language: {tpu}, {open} and {session} stand for the titles of the seed conference, the
# open conference and the seed's opening session, as the content reads in that language.
PUBLIC_PAGES = [
    # The featured conference is the next upcoming one.
    ("home", "events:home", {}, "{open}"),
    (
        "events",
        "events:conference_list",
        {},
        {"en": "All conferences", "ru": "Все конференции", "zh-hans": "所有会议"},
    ),
    ("event", "events:conference_detail", {"slug": SLUG}, "{tpu}"),
    (
        "contact",
        "events:enquiry",
        {"slug": SLUG},
        {
            "en": "Contact the organisers",
            "ru": "Связаться с организаторами",
            "zh-hans": "联系主办方",
        },
    ),
    (
        "programme",
        "events:programme",
        {"slug": SLUG},
        {"en": "Programme", "ru": "Программа", "zh-hans": "日程"},
    ),
    (
        "session",
        "events:session_detail",
        {"slug": SLUG, "session_slug": "opening"},
        "{session}",
    ),
    (
        "speakers",
        "events:speakers",
        {"slug": SLUG},
        {"en": "Speakers", "ru": "Докладчики", "zh-hans": "发言人"},
    ),
    (
        "live-from-your-region",
        "events:programme_regions",
        {"slug": SLUG},
        {
            "en": "Live from your region",
            "ru": "В прямом эфире из Вашего региона",
            "zh-hans": "您所在地区的直播时间",
        },
    ),
    (
        "register",
        "registration:register",
        {"slug": "bridge-2099"},
        {
            "en": "Register for {open}",
            "ru": "Регистрация на конференцию «{open}»",
            "zh-hans": "注册 {open}",
        },
    ),
    (
        "register-sent",
        "registration:register_sent",
        {"slug": "bridge-2099"},
        {"en": "Check your inbox", "ru": "Проверьте почту", "zh-hans": "请查收邮件"},
    ),
    (
        "register-closed",
        "registration:register",
        {"slug": SLUG},
        {
            "en": "Registration for {tpu}",
            "ru": "Регистрация на конференцию «{tpu}»",
            "zh-hans": "{tpu} 注册",
        },
    ),
    (
        "participants",
        "registration:participants",
        {"slug": "bridge-2099"},
        {"en": "Participants", "ru": "Участники", "zh-hans": "参会者"},
    ),
    (
        "privacy",
        "registration:privacy",
        {},
        {
            "en": "Privacy notice for conference registration",
            "ru": "Уведомление о конфиденциальности при регистрации на конференцию",
            "zh-hans": "会议注册隐私声明",
        },
    ),
    (
        "not-found",
        None,
        {},
        {"en": "Page not found", "ru": "Страница не найдена", "zh-hans": "页面未找到"},
    ),
]
PAGE_IDS = [name for name, *_rest in PUBLIC_PAGES]


def url_in(language, url_name, kwargs):
    with translation.override(language):
        if url_name is None:
            return reverse("events:conference_list") + "no-such-conference/"
        return reverse(url_name, kwargs=kwargs)


def heading_in(language, heading, tpu_conference, open_conference):
    """The page's heading as a visitor reads it in ``language``."""
    template = heading if isinstance(heading, str) else heading[language]
    with translation.override(language):
        titles = {
            "tpu": tpu_conference.title,
            "open": open_conference.title,
            "session": Session.objects.get(conference=tpu_conference, slug="opening").title,
        }
    return template.format(**titles)


@pytest.fixture
def listed_participant(open_conference):
    """Someone on the public participant list, so that the list has a row to check."""
    return RegistrationFactory(
        conference=open_conference, given_name="Ingrid", family_name="Berg", list_publicly=True
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "url_name", "kwargs", "heading"), PUBLIC_PAGES, ids=PAGE_IDS)
def test_public_page_is_accessible_at_phone_and_desktop_widths(
    page,
    tpu_conference,
    open_conference,
    listed_participant,
    language,
    name,
    url_name,
    kwargs,
    heading,
):
    response = page.goto(url_in(language, url_name, kwargs))

    assert response.status == (404 if name == "not-found" else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == heading_in(
        language, heading, tpu_conference, open_conference
    )
    screenshot(page, f"{language}-{name}", accessible=True)


def test_every_page_is_valid_html_in_every_language(
    client, tpu_conference, open_conference, listed_participant, tmp_path
):
    registration = RegistrationFactory(conference=open_conference, status="pending_email")
    private_pages = [
        ("manage", "registration:manage", {"token": registration.manage_token}),
        ("confirm", "registration:confirm_email", {"token": registration.manage_token}),
    ]
    pages = {}
    for language in LANGUAGES:
        for name, url_name, kwargs in [page[:3] for page in PUBLIC_PAGES] + private_pages:
            url = url_in(language, url_name, kwargs)
            response = client.get(url)
            assert response.status_code == (404 if name == "not-found" else 200), url
            pages[f"{language}-{name}.html"] = response.text

    output = assert_valid_html(pages, tmp_path / "html")

    assert len(pages) == 3 * 16
    assert "error" not in output.lower()

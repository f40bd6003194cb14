"""Every public page in English, Russian and Chinese: axe-core finds no violation at phone or
desktop width, nothing scrolls sideways (Russian's long words included), the W3C Nu checker
finds no error, and screenshots of each (test-artifacts/screenshots/<language>-<page>-*.png).

"Every" is checked against the URL configuration: each URL name the site has is either a
page below or in NOT_PUBLIC_PAGES with the reason, so a new public page cannot be left out.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from events.models import Session
from privacy import consent_texts
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
        "enquiry-sent",
        "events:enquiry_sent",
        {"slug": SLUG},
        {"en": "Thank you", "ru": "Спасибо", "zh-hans": "谢谢"},
    ),
    (
        "delegation",
        "delegations:register",
        {"slug": "bridge-2099"},
        {
            "en": "Register a delegation for {open}",
            "ru": "Регистрация делегации на конференцию «{open}»",
            "zh-hans": "为 {open} 注册代表团",
        },
    ),
    (
        "delegation-sent",
        "delegations:sent",
        {"slug": "bridge-2099"},
        {"en": "Check your inbox", "ru": "Проверьте почту", "zh-hans": "请查收邮件"},
    ),
    (
        "consent",
        "privacy:consent_document",
        {},
        {
            "en": "Consent to the processing of personal data",
            "ru": "Согласие на обработку персональных данных",
            "zh-hans": "个人数据处理同意书",
        },
    ),
    (
        "consent-text",
        "privacy:consent_text",
        {"purpose": "registration", "version": consent_texts.current_version("registration")},
        {
            "en": "Consent to the processing of personal data",
            "ru": "Согласие на обработку персональных данных",
            "zh-hans": "个人数据处理同意书",
        },
    ),
    (
        "verify",
        "documents:verify_form",
        {},
        {"en": "Check a document", "ru": "Проверка документа", "zh-hans": "核验文件"},
    ),
    (
        "checkin-login",
        "attending:login",
        {},
        {
            "en": "Check-in desk: sign in",
            "ru": "Стойка регистрации: вход",
            "zh-hans": "签到台：登录",
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

# Every other URL of the site, by name (a namespace: all its names), and why it is not a
# public page above. A new URL fails test_every_public_page_is_checked until it is one or
# the other.
NOT_PUBLIC_PAGES = {
    # Staff only, behind a sign-in (their own tests: test_admin_flow, test_passkeys, ...).
    "admin": "the admin",
    "mfa": "staff's second factor",
    "otp_webauthn": "passkeys' JSON endpoints",
    "attending:home": "check-in desk, signed in (redirects to the sign-in)",
    "attending:desk": "check-in desk, signed in",
    # Files and feeds, not pages.
    "healthz": "plain text",
    "robots_txt": "plain text",
    "django.contrib.sitemaps.views.sitemap": "XML",
    "branding:theme": "CSS",
    "branding:og_image": "PNG (test_branding.py)",
    "events:conference_calendar": "iCalendar",
    "events:programme_ics": "iCalendar",
    "events:session_ics": "iCalendar",
    "registration:calendar_feed": "iCalendar, behind a secret link",
    "privacy:my_data_json": "JSON, behind a secret link",
    "visas:invitation": "PDF",
    "documents:letter": "PDF",
    "documents:certificate": "PDF",
    # A person's own pages, behind the secret link in their mail (manage and confirm are
    # validated below; the flows' tests open each at phone width).
    "registration:manage": "secret link",
    "registration:confirm_email": "secret link",
    "registration:confirm_email_change": "signed link",
    "privacy:my_data": "secret link",
    "visas:request": "secret link",
    "delegations:page": "secret link (test_delegation.py)",
    "attending:join": "secret link (test_join.py)",
    "attending:join_option": "secret link (test_join.py)",
    "attending:slides": "secret link (test_join.py)",
    # A code printed on a certificate (test_badges_and_certificates.py, at phone width).
    "documents:verify": "a certificate's code",
    # Actions: a form's POST on a page above or behind a secret link.
    "registration:update_details": "POST",
    "registration:update_answers": "POST",
    "registration:switch_mode": "POST",
    "registration:change_language": "POST",
    "registration:cancel": "POST",
    "registration:erase": "POST",
    "registration:reset_calendar_feed": "POST",
    "privacy:withdraw": "POST",
    "privacy:give": "POST",
    "delegations:confirm": "POST",
    "delegations:add": "POST",
    # The call for contributions (tests/contributions/test_views.py renders the call page in
    # each language with its query budget; not yet through axe and the Nu checker here).
    "contributions:call": "needs an open call: tests/contributions",
    "contributions:sent": "after the call's form: tests/contributions",
    "contributions:page": "secret link",
    "contributions:confirm": "secret link",
    "contributions:edit": "secret link",
    "contributions:add_author": "POST",
    "contributions:remove_author": "POST",
    "contributions:upload": "POST",
    "contributions:withdraw": "secret link",
}
# Routes without a name: redirects and the old address of a feed.
UNNAMED_ROUTES = {"favicon.ico", "registration/manage/<str:token>/calendar.ics"}


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


def site_urls(patterns=None, namespace=None, prefix=""):
    """(namespace, name with its namespace or None, route) of every URL the site has."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from site_urls(pattern.url_patterns, inner, route)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield namespace, name, route


def not_public(name):
    return any(name == listed or name.startswith(f"{listed}:") for listed in NOT_PUBLIC_PAGES)


def test_every_public_page_is_checked():
    checked = {url_name for _name, url_name, *_rest in PUBLIC_PAGES if url_name}
    unknown, unnamed = set(), set()
    for namespace, name, route in site_urls():
        if name is None and not (namespace and not_public(namespace)):
            unnamed.add(route)
        elif name is not None and name not in checked and not not_public(name):
            unknown.add(name)
    # A new page goes into PUBLIC_PAGES (checked at both widths in three languages), or
    # into NOT_PUBLIC_PAGES with the reason.
    assert unknown == set()
    assert unnamed == UNNAMED_ROUTES
    names = {name for _namespace, name, _route in site_urls() if name}
    stale = {
        listed
        for listed in NOT_PUBLIC_PAGES
        if not any(name == listed or name.startswith(f"{listed}:") for name in names)
    }
    assert stale == set()


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

    assert len(pages) == len(LANGUAGES) * (len(PUBLIC_PAGES) + len(private_pages))
    assert "error" not in output.lower()

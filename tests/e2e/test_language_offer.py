"""A browser that prefers Russian or Chinese is offered the page in that language, once:
never redirected (static/js/language-offer.js)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import DESKTOP, assert_accessible, screenshot


@pytest.fixture
def visit(browser, live_server):
    """Opens a page in a fresh browser that prefers `locale`; checks it ran clean."""
    contexts = []
    errors = []

    def open_page(path, locale):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error" and errors.append(message.text),
        )
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    # A CSP violation or a script error shows up here.
    assert errors == []


def offer(page):
    return page.get_by_role("complementary", name="Other languages")


def test_a_russian_browser_is_offered_the_page_in_russian_and_not_sent_there(visit, tpu_conference):
    path = tpu_conference.get_absolute_url()
    page = visit(path, "ru-RU")

    # The page asked for is the page shown: English, at its own address.
    assert page.url.endswith(path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(offer(page)).to_be_visible()
    link = offer(page).get_by_role("link")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"/ru{path}")
    expect(page.locator('[data-offer-language="ru"]')).to_have_attribute("lang", "ru")
    expect(page.locator('[data-offer-language="zh-hans"]')).to_be_hidden()
    assert_accessible(page)
    screenshot(page, "language-offer-ru")

    link.click()

    expect(page).to_have_url(f"{page.url.split('/ru/')[0]}/ru{path}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(offer(page)).to_be_hidden()


def test_a_dismissed_offer_does_not_come_back(visit, tpu_conference):
    page = visit(tpu_conference.get_absolute_url(), "ru-RU")
    expect(offer(page)).to_be_visible()

    offer(page).get_by_role("button").click()

    expect(offer(page)).to_be_hidden()
    page.goto(f"/events/{tpu_conference.slug}/programme/")
    expect(page.locator("[data-language-offer]")).to_be_hidden()
    page.reload()
    expect(page.locator("[data-language-offer]")).to_be_hidden()


def test_a_chinese_browser_is_offered_simplified_chinese(visit, tpu_conference):
    page = visit(tpu_conference.get_absolute_url(), "zh-CN")

    expect(page.locator('[data-offer-language="zh-hans"]')).to_be_visible()
    expect(page.locator('[data-offer-language="ru"]')).to_be_hidden()
    expect(page.locator('[data-offer-language="zh-hans"] a')).to_have_attribute(
        "href", f"/zh-hans{tpu_conference.get_absolute_url()}"
    )


@pytest.mark.parametrize(
    ("locale", "prefix"),
    [
        ("ru-RU", "/ru"),  # already in the browser's language
        ("en-GB", ""),
        ("zh-TW", ""),  # Traditional Chinese: no language of ours to offer
        ("de-DE", ""),
    ],
)
def test_no_offer_when_the_page_is_in_the_preferred_language_or_none_fits(
    visit, tpu_conference, locale, prefix
):
    page = visit(f"{prefix}{tpu_conference.get_absolute_url()}", locale)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("[data-language-offer]")).to_be_hidden()


def test_an_english_browser_on_a_russian_page_is_offered_english(visit, tpu_conference):
    page = visit(f"/ru{tpu_conference.get_absolute_url()}", "en-GB")

    expect(page.locator('[data-offer-language="en"]')).to_be_visible()
    expect(page.locator('[data-offer-language="en"] a')).to_have_attribute(
        "href", tpu_conference.get_absolute_url()
    )


def test_choosing_a_language_in_the_switcher_answers_the_offer(visit, tpu_conference):
    page = visit(tpu_conference.get_absolute_url(), "ru-RU")
    expect(offer(page)).to_be_visible()

    page.locator(".language-switcher").get_by_role("link", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("[data-language-offer]")).to_be_hidden()


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, DESKTOP])
def test_the_offer_moves_nothing_on_the_page(visit, tpu_conference, size):
    """The offer appears after load as a panel over the window's bottom edge: no layout shift
    (Lighthouse's CLS stays 0 for visitors whose browser prefers another language)."""
    page = visit(tpu_conference.get_absolute_url(), "ru-RU")
    page.set_viewport_size(size)
    expect(offer(page)).to_be_visible()

    assert page.evaluate(LAYOUT_SHIFT) == 0
    box = offer(page).bounding_box()
    assert box["y"] + box["height"] <= size["height"] + 1
    assert box["y"] > size["height"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

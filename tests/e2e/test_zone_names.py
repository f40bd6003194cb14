"""Time-zone cities in the page's language, in a real browser (static/js/timezone.js)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import DESKTOP


@pytest.fixture
def beijing_context(browser, live_server):
    """A browser in Beijing that prefers Chinese."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.mark.parametrize(
    ("prefix", "button"),
    [("/zh-hans", "北京 (Asia/Shanghai)"), ("/ru", "Пекин (Asia/Shanghai)"), ("", "Asia/Shanghai")],
)
def test_the_devices_zone_is_offered_by_its_city_in_the_pages_language(
    beijing_context, tpu_conference, prefix, button
):
    page = beijing_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{prefix}/events/{tpu_conference.slug}/programme/")

    expect(page.locator("[data-browser-zone-name]")).to_have_text(button)
    page.locator("[data-browser-zone-form] button").click()
    expect(page.locator("#tz-select")).to_have_value("Asia/Shanghai")
    expect(page.locator("#session-opening")).to_contain_text("20:00–21:30")
    assert errors == []

"""What a visitor does on the public pages, in a real browser."""

import datetime as dt
from pathlib import Path

import icalendar
import vobject
from playwright.sync_api import expect

from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import OPENING_UTC


def test_visitor_reads_the_event_page_and_downloads_the_calendar_entry(page, tpu_conference):
    page.goto(tpu_conference.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Science and Technology Bridge Continents"
    )
    expect(page.get_by_role("heading", name="Postponed from September 2021")).to_be_visible()
    expect(page.locator("[data-fact=dates]")).to_have_text(
        "Mon 16 May 2022, 19:00 – Fri 20 May 2022, 22:00 (Tomsk, UTC+7)"
    )
    # The other zones are one click away, closed at first so the facts stay in view.
    beijing = page.locator(".event-zones li", has_text="Beijing")
    expect(beijing).to_be_hidden()
    page.get_by_text("In other time zones").click()
    expect(beijing).to_contain_text("Mon 16 May 2022, 20:00")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()

    assert download.suggested_filename.endswith(".ics")
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Science and Technology Bridge Continents"
    assert event.decoded("DTSTART").astimezone(dt.UTC) == OPENING_UTC
    # An independent parser reads the same instant.
    parsed = vobject.readOne(data.decode())
    assert parsed.vevent.dtstart.value.astimezone(dt.UTC) == OPENING_UTC
    screenshot(page, "event")


def test_visitor_switches_the_programme_to_beijing_time(page, tpu_conference):
    page.goto(f"/events/{tpu_conference.slug}/programme/")
    opening = page.locator("#session-opening")
    expect(opening).to_contain_text("19:00–20:30")
    expect(opening).to_contain_text("UTC+7")

    page.get_by_label("Show times for").select_option(label="Beijing")
    page.get_by_role("button", name="Show").first.click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?tz=Asia%2FShanghai")
    expect(opening).to_contain_text("20:00–21:30")
    expect(opening).to_contain_text("UTC+8")
    expect(page.get_by_text("Times are shown for Beijing")).to_be_visible()
    # The choice is remembered: the page without ?tz= keeps Beijing time.
    page.goto(f"/events/{tpu_conference.slug}/programme/")
    expect(page.locator("#session-opening")).to_contain_text("20:00–21:30")
    assert_accessible(page)
    screenshot(page, "programme-beijing")


def test_visitor_reads_the_programme_in_chinese_in_beijing_time(page, tpu_conference):
    page.goto(f"/zh-hans/events/{tpu_conference.slug}/programme/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    opening = page.locator("#session-opening")
    expect(opening).to_contain_text("19:00–20:30")

    page.get_by_label("显示时间所用时区").select_option(value="Asia/Shanghai")
    page.get_by_role("button", name="显示", exact=True).first.click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?tz=Asia%2FShanghai", ignore_case=False)
    assert "/zh-hans/" in page.url
    expect(opening).to_contain_text("20:00–21:30")
    expect(opening).to_contain_text("UTC+8")
    expect(page.get_by_text("时间按北京（Asia/Shanghai）显示。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("日程")
    screenshot(page, "zh-hans-programme-beijing", accessible=True)

"""The check-in desk's camera in the real browser: Chromium's fake camera shows a ticket's
QR code (a .y4m video made here from segno's matrix), the page's vendored jsQR reads it and
the desk finds the ticket's holder, ready to check in; with the camera, no CSP violation or
script error (the page fixture's console check)."""

import datetime as dt

import pytest
import segno
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from attending.models import CheckIn, Ticket
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import ConferenceFactory, RegistrationFactory, team_member

CODE = "TPW7KX4MRW2Q"  # from the ticket alphabet (no U, O, I, L, 0, 1)
WIDTH, HEIGHT, MODULE = 640, 480, 8


def write_y4m(path, content):
    """A two-frame grey-scale video (YUV 4:2:0) of the QR code of `content`, centred."""
    matrix = segno.make(content, error="m", micro=False).matrix
    size = (len(matrix) + 8) * MODULE
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray([235]) * (WIDTH * HEIGHT)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if not dark:
                continue
            y0 = top + (row_index + 4) * MODULE
            x0 = left + (column_index + 4) * MODULE
            for y in range(y0, y0 + MODULE):
                luma[y * WIDTH + x0 : y * WIDTH + x0 + MODULE] = bytes([16]) * MODULE
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 2)


@pytest.fixture
def camera_browser(browser, tmp_path):
    """A second Chromium from the suite's Playwright (one sync Playwright per thread), its
    fake camera playing a ticket's QR code."""
    video = tmp_path / "ticket.y4m"
    write_y4m(video, CODE)
    camera = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    yield camera
    camera.close()


@pytest.fixture
def desk_page(camera_browser, live_server, transactional_db):
    now = timezone.now()
    conference = ConferenceFactory(
        slug="bridge-continents",
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(days=3),
    )
    guest = RegistrationFactory(
        conference=conference, attendance_mode="in_person", given_name="Анна", family_name="Иванова"
    )
    Ticket.objects.create(registration=guest, code=CODE)
    user = team_member("checkin_staff", None, username="desk1", is_staff=False)
    client = Client()
    client.force_login(user)
    context = camera_browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    context.grant_permissions(["camera"], origin=live_server.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    context.close()
    assert errors == []


def test_scanning_a_ticket_finds_its_holder_and_checks_in(desk_page):
    page = desk_page
    page.goto("/checkin/bridge-continents/")
    page.get_by_role("button", name="Scan with the camera").click()
    expect(page.locator(".checkin-results")).to_contain_text("Анна Иванова")
    assert page.url.endswith(f"?q={CODE}")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".messages")).to_have_text("Анна Иванова is checked in.")
    assert CheckIn.objects.get().ticket.code == CODE

"""An attendee downloads the registration letter from the manage page in a real browser,
then checks it on the public verification page by its code, which shows only the allowed
fields."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import VerificationCode
from registration import links
from tests.documents.conftest import pdf_fonts, pdf_text
from tests.e2e.checks import assert_accessible, screenshot
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def attendee(db):
    now = timezone.now()
    conference = ConferenceFactory(
        title="Bridge Continents 2099",
        slug="bridge-2099",
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=33),
        contact_email="bridge@tpu.ru",
    )
    return RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="Иван",
        family_name="Петров",
        email="ivan.petrov@tpu.ru",
        institution="Томский политехнический университет",
        country="RU",
    )


def test_attendee_downloads_the_letter_and_anyone_verifies_it(page, attendee, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    page.goto(links.manage_path(attendee))
    panel = page.locator("section.documents")
    expect(panel.get_by_role("heading", name="Your documents")).to_be_visible()
    expect(panel.locator(".certificate-reason")).to_contain_text(
        "Your certificate of attendance is ready here after the conference ends"
    )
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Download the registration letter (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "bridge-2099-registration-letter.pdf"
    saved = tmp_path / "letter.pdf"
    download.save_as(saved)
    content = Path(saved).read_bytes()
    text = pdf_text(content)
    assert "Иван Петров" in text
    assert "Томский политехнический университет" in text
    assert any(name.startswith("Noto-Sans") for name in pdf_fonts(content))
    code = VerificationCode.objects.get(registration=attendee, kind="letter")
    printed = re.search(r"Verification code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text)[1]
    assert printed == code.display_code
    # The address the QR code holds, printed under it too.
    assert f"/verify/{code.code}/" in text

    page.goto("/verify/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(printed.lower())
    page.get_by_role("button", name="Check the code").click()
    expect(page).to_have_url(re.compile(f"/verify/{code.code}/$"))
    expect(page.locator(".verify-valid")).to_have_text(
        "Valid: this document was issued by the organisers and stands."
    )
    table = page.get_by_role("table", name="What the document certifies")
    expect(table.locator("th")).to_have_text(
        ["Document", "Name", "Conference", "Dates", "Attendance"]
    )
    expect(table.locator("td").nth(0)).to_have_text("Registration confirmation letter")
    expect(table.locator("td").nth(1)).to_have_text("Иван Петров")
    expect(table.locator("td").nth(2)).to_have_text("Bridge Continents 2099")
    expect(table.locator("td").nth(4)).to_have_text("In person in Tomsk")
    body = page.locator("main").inner_text()
    for private in (attendee.email, attendee.institution, "Russia", attendee.manage_token):
        assert private not in body
    assert_accessible(page)
    screenshot(page, "verify-letter")

    page.goto("/verify/AAAA-BBBB-CCCC/")
    expect(page.locator(".verify-unknown")).to_contain_text("No document has the code")

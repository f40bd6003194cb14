"""Visa support in the real browser: the attendee fills the request with one mistake and
fixes it; a visa officer sets "invitation issued" with the PDF; the attendee downloads it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from registration import links
from tests.e2e.checks import screenshot
from tests.e2e.second_factor import sign_in
from tests.factories import RegistrationFactory
from tests.visas.conftest import make_officer
from visas.models import VisaRequest

PASSWORD = "a long visa officer password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def attendee(open_conference):
    return RegistrationFactory(
        conference=open_conference,
        attendance_mode="in_person",
        given_name="Li",
        family_name="Wang",
        institution="Fudan University",
        country="CN",
    )


@pytest.fixture
def officer(transactional_db):
    return make_officer(password=PASSWORD)


def test_attendee_requests_officer_issues_attendee_downloads(page, attendee, officer, tmp_path):
    conference = attendee.conference
    page.goto(links.manage_path(attendee))
    page.get_by_role("link", name="Request visa support").click()
    expect(page.get_by_role("heading", name="Visa request")).to_be_visible()
    expect(page.get_by_label("Employer")).to_have_value("Fudan University")

    page.get_by_label("Surname").fill("王")  # not in Latin letters: the mistake
    page.get_by_label("Given names").fill("Li")
    page.get_by_label("Female").check()
    page.get_by_label("Date of birth").fill("1987-04-05")
    page.get_by_label("Place of birth").fill("Shanghai")
    page.get_by_label("Passport number").fill("E12345678")
    page.get_by_label("Passport issued on").fill("2022-03-01")
    page.get_by_label("Passport valid until").fill("2100-12-31")
    page.get_by_label("City where you apply for the visa").fill("Shanghai")
    page.get_by_label("Planned arrival").fill(
        (conference.starts_at.date() - dt.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Planned departure").fill(
        (conference.ends_at.date() + dt.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Position").fill("Lecturer")
    page.get_by_label("I consent to the processing of my passport data").check()
    page.get_by_role("button", name="Save my visa request").click()

    expect(
        page.get_by_text("Write the name in Latin letters exactly as in your passport")
    ).to_be_visible()
    screenshot(page, "visa-request-error", accessible=True)
    assert not VisaRequest.objects.exists()

    page.get_by_label("Surname").fill("Wang")
    page.get_by_role("button", name="Save my visa request").click()
    expect(page.get_by_text("Your visa request is saved.")).to_be_visible()
    expect(page.locator(".visa-status")).to_contain_text("Requested")
    visa_request = VisaRequest.objects.get()
    assert (visa_request.surname, visa_request.passport_number) == ("WANG", "E12345678")

    # The visa officer signs in and issues the invitation with its PDF.
    officer_page = page.context.browser.new_context(
        base_url=page.url.split("/registration/")[0]
    ).new_page()
    sign_in(officer_page, officer, PASSWORD)
    officer_page.goto(f"/admin/visas/visarequest/{visa_request.pk}/change/")
    expect(officer_page.get_by_text("E12345678")).to_be_visible()
    officer_page.get_by_role("link", name="Change the status").click()
    officer_page.get_by_label("New status").select_option("issued")
    pdf = tmp_path / "invitation.pdf"
    pdf.write_bytes(PDF)
    officer_page.get_by_label("Official invitation (PDF)").set_input_files(str(pdf))
    officer_page.get_by_role("button", name="Save the status").click()
    expect(officer_page.get_by_text("The status is saved.")).to_be_visible()
    officer_page.context.close()

    # The attendee downloads it from the manage page.
    page.goto(links.manage_path(attendee))
    expect(page.locator(".visa-status")).to_contain_text("Invitation issued")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download your official invitation (PDF)").click()
    download = info.value
    assert download.suggested_filename == "invitation.pdf"
    assert open(download.path(), "rb").read() == PDF  # noqa: SIM115

"""Certificates of attendance and name badges, end to end in a real browser.

After the conference, attendees who were checked in at the desk and online participants who
joined enough sessions download their certificate from the manage page; the code printed on
it opens the public verification page, until an organiser withholds the certificate in the
admin. Organisers print badges of chosen attendees (A6, or four to an A4 sheet) from the
admin, and every badge of a conference through the task worker; Content editors may not.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from attending import services as attending
from attending.tickets import ticket_for
from documents import services
from documents.models import CertificateDecision, VerificationCode
from jobs.models import Job
from registration import links
from tests.documents.conftest import pdf_page_sizes, pdf_pages, pdf_text
from tests.e2e.checks import screenshot
from tests.e2e.second_factor import sign_in
from tests.factories import (
    ConferenceFactory,
    RegistrationFactory,
    SessionFactory,
    SessionJoinFactory,
    team_member,
)
from tests.registration.task_worker import run_db_worker

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long organiser password"
THRESHOLD = 3
CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


@pytest.fixture(autouse=True)
def _private_documents(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def conference(transactional_db):
    """A hybrid conference in Tomsk that ended yesterday, certificates from three sessions."""
    now = timezone.now()
    conference = ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        starts_at=now - dt.timedelta(days=4),
        ends_at=now - dt.timedelta(days=1),
        venue_name="Tomsk Polytechnic University",
        venue_city="Tomsk",
        venue_city_ru="Томск",
        venue_city_zh_hans="托木斯克",
        contact_email="bridge@tpu.ru",
    )
    services.set_certificate_rule(conference=conference, min_sessions_joined=THRESHOLD)
    return conference


def person(conference, given, family, *, mode, language="en", **fields):
    registration = RegistrationFactory(
        conference=conference,
        attendance_mode=mode,
        given_name=given,
        family_name=family,
        **fields,
    )
    registration.language = language
    registration.save(update_fields=["language"])
    return registration


def join_sessions(registration, count):
    for _ in range(count):
        SessionJoinFactory(
            registration=registration, session=SessionFactory(conference=registration.conference)
        )


def organiser(group):
    user = get_user_model().objects.create_user(
        group.lower().replace(" ", "-"), password=PASSWORD, is_staff=True
    )
    team_member(group, user=user)
    return user


def log_in(page, user):
    """Through the admin's own login page, as an organiser does."""
    sign_in(page, user, PASSWORD)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def download(page, tmp_path, click):
    """Runs `click`, which starts a download, and returns the downloaded file's name and bytes."""
    with page.expect_download() as info:
        click()
    file = info.value
    saved = tmp_path / file.suggested_filename
    file.save_as(saved)
    return file.suggested_filename, saved.read_bytes()


def dates(conference, language="en"):
    """The conference's dates as the verification page shows them in a language."""
    starts, ends = (
        timezone.localtime(moment, conference.zone).date()
        for moment in (conference.starts_at, conference.ends_at)
    )
    with translation.override(language):
        return " – ".join(formats.date_format(day, "LONG_DATE_FORMAT") for day in (starts, ends))


# --- certificates -------------------------------------------------------------------------
@pytest.fixture
def attendees(conference):
    """王小明 was checked in at the desk; Иван Петров joined three sessions online, Jane Doe
    two."""
    xiaoming = person(
        conference,
        "小明",
        "王",
        mode="in_person",
        language="zh-hans",
        email="wang@hit.edu.cn",
        institution="哈尔滨工业大学",
        country="CN",
    )
    attending.check_in(
        ticket=ticket_for(xiaoming), desk="Hall", now=conference.starts_at + dt.timedelta(hours=1)
    )
    ivan = person(
        conference,
        "Иван",
        "Петров",
        mode="online",
        language="ru",
        email="ivan.petrov@tpu.ru",
        institution="Томский политехнический университет",
        country="RU",
    )
    join_sessions(ivan, THRESHOLD)
    jane = person(
        conference,
        "Jane",
        "Doe",
        mode="online",
        email="jane.doe@tudelft.nl",
        institution="Delft University of Technology",
        country="NL",
    )
    join_sessions(jane, THRESHOLD - 1)
    return xiaoming, ivan, jane


# The manage page in each person's language (the link in their emails) and its download link.
DOWNLOAD_CERTIFICATE = {
    "ru": "Скачать сертификат участника (PDF)",
    "zh-hans": "下载参会证明（PDF）",
}


def certificate_from_manage_page(page, registration, tmp_path):
    with translation.override(registration.language):
        page.goto(links.manage_path(registration))
    expect(page.locator("html")).to_have_attribute("lang", registration.language)
    panel = page.locator("section.documents")
    expect(panel.locator(".certificate-reason")).to_have_count(0)
    screenshot(page, f"manage-certificate-ready-{registration.language}", accessible=True)
    link = panel.get_by_role("link", name=DOWNLOAD_CERTIFICATE[registration.language])
    filename, content = download(page, tmp_path, link.click)
    assert filename == "bridge-continents-certificate.pdf"
    return pdf_text(content)


def test_eligible_attendees_download_certificates_that_verify_until_withheld(
    page, attendees, tmp_path
):
    xiaoming, ivan, jane = attendees

    text = certificate_from_manage_page(page, xiaoming, tmp_path)
    xiaoming_code = VerificationCode.objects.get(registration=xiaoming, kind="certificate")
    # In Chinese, her language: the name family name first, and the code.
    assert "参会证明" in text
    assert "王小明" in text
    assert "哈尔滨工业大学" in text
    assert re.search(f"核验码： ?{xiaoming_code.display_code}", text)
    assert CODE.findall(text) == [xiaoming_code.display_code]
    # The address the QR code holds, printed under it.
    printed_address = re.search(r"https://\S+/verify/[A-Z0-9]+/", text)[0]
    assert printed_address.endswith(f"/zh-hans/verify/{xiaoming_code.code}/")
    xiaoming_verify_path = urlsplit(printed_address).path

    text = certificate_from_manage_page(page, ivan, tmp_path)
    ivan_code = VerificationCode.objects.get(registration=ivan, kind="certificate")
    # In Russian, his language.
    assert "Сертификат участника" in text
    assert "Иван Петров" in text
    assert "Томский политехнический университет" in text
    assert f"Код проверки: {ivan_code.display_code}" in text
    assert CODE.findall(text) == [ivan_code.display_code]

    # Two sessions of three: the panel says why, and offers no certificate.
    page.goto(links.manage_path(jane))
    panel = page.locator("section.documents")
    expect(panel.locator(".certificate-reason")).to_have_text(
        "A certificate needs at least 3 sessions joined online through your personal links; "
        "we recorded 2."
    )
    expect(panel.locator('a[href$="certificate.pdf"]')).to_have_count(0)
    screenshot(page, "manage-certificate-not-yet", accessible=True)
    assert not VerificationCode.objects.filter(registration=jane, kind="certificate").exists()

    # The code as printed on Ivan's certificate, typed into the verification page.
    page.goto("/verify/")
    page.get_by_label("Verification code").fill(ivan_code.display_code)
    page.get_by_role("button", name="Check the code").click()
    expect(page).to_have_url(re.compile(f"/verify/{ivan_code.code}/$"))
    expect(page.locator(".verify-valid")).to_have_text(
        "Valid: this document was issued by the organisers and stands."
    )
    table = page.get_by_role("table", name="What the document certifies")
    expect(table.locator("th")).to_have_text(
        ["Document", "Name", "Conference", "Dates", "Attendance"]
    )
    expect(table.locator("td")).to_have_text(
        [
            "Certificate of attendance",
            "Иван Петров",
            "Science and Technology Bridge Continents",
            dates(ivan.conference),
            "Online",
        ]
    )
    body = page.locator("main").inner_text()
    for private in (ivan.email, ivan.institution, "Russia", ivan.manage_token):
        assert private not in body
    screenshot(page, "verify-certificate", accessible=True)

    # The address printed on Xiaoming's certificate opens the page in Chinese, her language.
    page.goto(xiaoming_verify_path)
    expect(page.locator(".verify-valid")).to_be_visible()
    expect(page.locator("table.verify-facts td")).to_have_text(
        [
            "参会证明",
            "王小明",
            "Science and Technology Bridge Continents",
            dates(xiaoming.conference, "zh-hans"),
            "在托木斯克线下参会",
        ]
    )
    body = page.locator("main").inner_text()
    for private in (xiaoming.email, xiaoming.institution, "中国", xiaoming.manage_token):
        assert private not in body

    # An organiser withholds Ivan's certificate in the admin.
    manager = organiser("Registration managers")
    log_in(page, manager)
    page.goto("/admin/documents/certificatedecision/add/")
    page.locator(".field-registration .select2-selection").click()
    page.locator(".select2-search__field").fill("Петров")
    page.locator(".select2-results__option", has_text="Петров").click()
    page.get_by_label("Decision:").select_option(label="Withheld")
    page.get_by_label("Reason:").fill("Joined three sessions for a minute each.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    decision = CertificateDecision.objects.get()
    assert (decision.registration, decision.decision, decision.decided_by) == (
        ivan,
        "withheld",
        manager,
    )

    page.goto(f"/verify/{ivan_code.code}/")
    expect(page.locator(".verify-invalid")).to_contain_text("Not valid: this ")
    expect(page.locator(".verify-invalid")).to_contain_text("no longer stands")
    expect(page.locator(".verify-valid")).to_have_count(0)
    expect(page.get_by_role("table", name="What the document certifies")).to_have_count(0)
    assert "Иван" not in page.locator("main").inner_text()
    screenshot(page, "verify-certificate-withheld", accessible=True)

    page.goto(links.manage_path(ivan))
    expect(page.locator("section.documents .certificate-reason")).to_have_text(
        "The organisers have not issued you a certificate. If you think this is a mistake, "
        "write to bridge@tpu.ru."
    )

    # Xiaoming's certificate still stands.
    page.goto(f"/verify/{xiaoming_code.code}/")
    expect(page.locator(".verify-valid")).to_be_visible()


# --- badges -------------------------------------------------------------------------------
@pytest.fixture
def badge_holders(conference):
    ivan = person(
        conference,
        "Иван",
        "Петров",
        mode="in_person",
        language="ru",
        institution="Томский политехнический университет",
        country="RU",
    )
    xiaoming = person(
        conference,
        "小明",
        "王",
        mode="in_person",
        language="zh-hans",
        institution="哈尔滨工业大学",
        country="CN",
    )
    jane = person(
        conference,
        "Jane",
        "Doe",
        mode="in_person",
        institution="Delft University of Technology",
        country="NL",
    )
    return ivan, xiaoming, jane


def choose(page, registration):
    page.get_by_role("row").filter(has_text=registration.institution).get_by_role(
        "checkbox"
    ).check()


def run_action(page, label):
    page.get_by_label("Action:").select_option(label=label)
    page.get_by_role("button", name="Go").click()


def test_registration_manager_prints_badges_of_chosen_attendees(page, badge_holders, tmp_path):
    ivan, xiaoming, jane = badge_holders
    log_in(page, organiser("Registration managers"))
    page.goto("/admin/")
    page.get_by_role("link", name="Badges", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    screenshot(page, "admin-badges")

    for layout, label, sizes in (
        ("a6", "Print badges of the selected (A6)", [(105, 148)] * 2),
        ("a4", "Print badges of the selected (4 per A4 sheet)", [(210, 297)]),
    ):
        choose(page, ivan)
        choose(page, xiaoming)
        run_action(page, label)
        # Even two badges are the task worker's: the list says so and links to the run.
        expect(page.locator(".messagelist")).to_contain_text(
            "2 badges of Science and Technology Bridge Continents are being printed."
        )
        batch = Job.objects.get(params__layout=layout)
        run_db_worker()
        page.get_by_role("link", name="Follow the progress and download the PDF.").click()
        expect(page.locator(".field-progress .readonly")).to_have_text("2 of 2")
        filename, content = download(
            page, tmp_path, page.locator(".field-download").get_by_role("link").click
        )
        assert filename == f"badges-bridge-continents-{layout}-{batch.pk}.pdf"
        assert pdf_page_sizes(content) == sizes
        pages = [" ".join(text.split()) for text in pdf_pages(content)]
        assert "Иван Петров" in pages[0]
        assert "王小明" in " ".join(pages)
        assert jane.full_name not in pdf_text(content)
        page.goto("/admin/documents/badgeattendee/")


def test_every_badge_of_a_conference_through_the_task_worker(page, badge_holders, tmp_path):
    conference = badge_holders[0].conference
    other = RegistrationFactory(conference=ConferenceFactory(), attendance_mode="in_person")
    log_in(page, organiser("Registration managers"))
    page.goto("/admin/documents/badgeattendee/")
    page.get_by_role("link", name="Print every badge of a conference").click()
    page.get_by_label("Conference:").select_option(label=str(conference))
    page.get_by_label("Layout:").select_option(value="a4")
    page.get_by_role("button", name="Print the badges").click()
    batch = Job.objects.get()
    assert (batch.kind, batch.state, batch.progress_total, batch.progress_done) == (
        "documents.badges",
        "queued",
        3,
        0,
    )

    # The job's page says how far it is and reloads itself until it is finished.
    expect(page).to_have_url(re.compile(f"/admin/jobs/job/{batch.pk}/change/$"))
    expect(page.locator(".field-progress .readonly")).to_have_text("0 of 3")
    expect(page.locator(".field-download .readonly")).to_have_text(
        "Not ready yet: this page reloads until it is."
    )
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(1)

    run_db_worker()

    page.reload()
    expect(page.locator(".field-progress .readonly")).to_have_text("3 of 3")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    screenshot(page, "admin-badge-print-run")
    filename, content = download(
        page, tmp_path, page.locator(".field-download").get_by_role("link").click
    )
    assert filename == f"badges-bridge-continents-a4-{batch.pk}.pdf"
    assert pdf_page_sizes(content) == [(210, 297)]
    text = pdf_text(content)
    assert "Иван Петров" in text and "王小明" in text and "Jane Doe" in text
    assert other.family_name not in text


def test_a_selection_is_printed_by_the_task_worker(page, conference, tmp_path):
    """Chosen badges, however many: the action hands them to the worker and links to the
    run's page."""
    people = [
        person(conference, f"Участник {number}", "Иванов", mode="in_person") for number in range(21)
    ]
    log_in(page, organiser("Check-in staff"))
    page.goto("/admin/documents/badgeattendee/")
    page.locator("#action-toggle").check()
    run_action(page, "Print badges of the selected (A6)")
    expect(page.locator(".messagelist")).to_contain_text(
        "21 badges of Science and Technology Bridge Continents are being printed."
    )
    batch = Job.objects.get()
    assert sorted(batch.params["ids"]) == sorted(p.pk for p in people)

    run_db_worker()

    page.get_by_role("link", name="Follow the progress and download the PDF.").click()
    expect(page.locator(".field-progress .readonly")).to_have_text("21 of 21")
    filename, content = download(
        page, tmp_path, page.locator(".field-download").get_by_role("link").click
    )
    assert filename == f"badges-bridge-continents-a6-{batch.pk}.pdf"
    assert pdf_page_sizes(content) == [(105, 148)] * 21
    assert "Участник 0 Иванов" in pdf_text(content)


def test_content_editors_get_403_on_the_badges_pages(page, badge_holders):
    log_in(page, organiser("Content editors"))
    for url in ("/admin/documents/badgeattendee/", "/admin/documents/badgeattendee/print-all/"):
        response = page.goto(url)
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    expect(page.get_by_role("link", name="Badges", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Background jobs")).to_have_count(0)
    assert Job.objects.count() == 0


def test_a_chinese_name_reads_family_name_first_on_the_manage_page(page, attendees):
    """The certificate and the badge above print 王小明; the page says it the same way."""
    xiaoming, ivan, _jane = attendees
    with translation.override("zh-hans"):
        page.goto(links.manage_path(xiaoming))
    expect(page.locator("h1")).to_contain_text("王小明")
    expect(page.locator("h1")).not_to_contain_text("小明 王")
    with translation.override("ru"):
        page.goto(links.manage_path(ivan))
    expect(page.locator("h1")).to_contain_text("Иван Петров")

"""Name badges: print-ready PDFs (A6, or four to an A4 sheet) for chosen or all confirmed
in-person attendees, from the admin. Registration managers and Check-in staff may print;
Content editors may not. Every badge of a conference is made by the task worker."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attending.models import Ticket
from documents import printing, services
from documents.models import Badge
from jobs import runner
from jobs.models import Job
from tests.documents.conftest import pdf_fonts, pdf_page_sizes, pdf_pages, pdf_text
from tests.factories import ConferenceFactory, RegistrationFactory, team_member
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/documents/badgeattendee/"
PRINT_ALL = "/admin/documents/badgeattendee/print-all/"
JOBS = "/admin/jobs/job/"


@pytest.fixture
def three(ivan, xiaoming, jane):
    services.set_badge_role(registration=jane, role="speaker")
    return [ivan, xiaoming, jane]


def test_a6_badges_one_per_page_with_names_in_three_scripts(three):
    content = printing.badges_pdf(three, "a6")
    assert pdf_page_sizes(content) == [(105, 148)] * 3
    pages = [" ".join(page.split()) for page in pdf_pages(content)]
    assert "Иван Петров" in pages[0]
    assert "Томский политехнический университет" in pages[0]
    assert "Россия" in pages[0]  # the country in the badge's own language
    assert "王小明" in pages[1]
    assert "中国" in pages[1]
    assert "Jane Doe" in pages[2]
    assert "Netherlands" in pages[2]
    assert "Speaker" in pages[2]
    assert "Participant" not in pages[2]
    fonts = pdf_fonts(content)
    assert "Noto-Sans-Bold" in fonts or "Noto-Sans" in fonts
    assert any(name.startswith("Noto-Sans-CJK") for name in fonts)


def test_four_badges_to_an_a4_sheet(conference, three):
    five = [
        *three,
        *(
            RegistrationFactory(conference=conference, attendance_mode="in_person")
            for _ in range(2)
        ),
    ]
    content = printing.badges_pdf(five, "a4")
    assert pdf_page_sizes(content) == [(210, 297)] * 2
    first, second = pdf_pages(content)
    assert "Jane Doe" in first and "王小明" in first
    assert five[4].family_name in second
    assert five[3].family_name in first


def test_each_badge_carries_its_ticket_not_the_manage_link(three):
    Ticket.objects.create(registration=three[0])
    badge_list = printing.badges_for(three)
    assert Ticket.objects.count() == 3
    for registration, badge in zip(three, badge_list, strict=True):
        ticket = Ticket.objects.get(registration=registration)
        assert badge["qr"] == printing.pdf.qr_data_uri(ticket.code)
        assert registration.manage_token not in badge["qr"]


def test_roles_default_to_participant_and_are_set_by_organisers(jane):
    first = printing.badges_for([jane])[0]
    assert (first["role"], first["role_label"]) == ("participant", "Participant")
    services.set_badge_role(registration=jane, role="organiser")
    again = printing.badges_for([jane])[0]
    assert (again["role"], again["role_label"]) == ("organiser", "Organiser")
    with pytest.raises(services.DocumentError) as refused:
        services.set_badge_role(registration=jane, role="king")
    assert refused.value.message == "Choose participant, speaker or organiser."
    assert Badge.objects.get().role == "organiser"


# --- the admin --------------------------------------------------------------------------------
def print_chosen(client, registrations, action="print_a6"):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in registrations], "index": 0},
    )


@pytest.mark.parametrize("group", ["Registration managers", "Check-in staff"])
def test_printers_print_even_two_badges_through_the_task_worker(
    organiser, three, group, django_capture_on_commit_callbacks
):
    client = organiser(group)
    with django_capture_on_commit_callbacks(execute=True):
        response = print_chosen(client, three[:2], action="print_a4")
    # No PDF in the request: back to the list, whose message links to the print run.
    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    job = Job.objects.get()
    assert (job.kind, job.state, job.progress_total) == ("documents.badges", "queued", 2)
    run_tasks()
    job.refresh_from_db()
    assert (job.state, job.message) == ("done", "2 badges printed.")
    download = client.get(f"{JOBS}{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    assert "Иван Петров" in text and "王小明" in text
    assert "Jane Doe" not in text


def test_content_editors_cannot_print_badges(organiser, three):
    client = organiser("Content editors")
    assert client.get(CHANGELIST).status_code == 403
    response = print_chosen(client, three)
    assert response.status_code == 403
    assert client.get(PRINT_ALL).status_code == 403
    assert Job.objects.count() == 0


def test_an_empty_selection_prints_nothing(organiser, three):
    client = organiser("Registration managers")
    response = client.post(CHANGELIST, {"action": "print_a6", "index": 0}, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert [str(m) for m in response.context["messages"]] == [
        "Items must be selected in order to perform actions on them. No items have been changed."
    ]


def test_only_confirmed_in_person_attendees_are_listed(organiser, conference, three):
    online = RegistrationFactory(conference=conference, given_name="Online")
    waiting = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="waiting_list"
    )
    client = organiser("Check-in staff")
    listed = list(client.get(CHANGELIST).context["cl"].result_list)
    assert sorted(r.pk for r in listed) == sorted(r.pk for r in three)
    # A registration that is not a badge holder is not printed even if posted.
    response = print_chosen(client, [online, waiting])
    assert response["Content-Type"].startswith("text/html")
    assert Job.objects.count() == 0


def test_a_selection_goes_to_the_task_worker(
    organiser, conference, django_capture_on_commit_callbacks
):
    people = [
        RegistrationFactory(conference=conference, attendance_mode="in_person") for _ in range(21)
    ]
    client = organiser("Check-in staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = print_chosen(client, people)
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.kind, job.state, job.progress_total, job.progress_done) == (
        "documents.badges",
        "queued",
        21,
        0,
    )
    assert sorted(job.params["ids"]) == sorted(p.pk for p in people)
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.message) == ("done", 21, "21 badges printed.")
    download = client.get(f"{JOBS}{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert pdf_page_sizes(content) == [(105, 148)] * 21
    assert not default_storage.exists(job.result_file.name)  # private storage, not MEDIA_ROOT


def test_all_badges_of_a_conference_from_the_print_run_page(
    organiser, conference, three, django_capture_on_commit_callbacks
):
    other = RegistrationFactory(conference=ConferenceFactory(), attendance_mode="in_person")
    client = organiser("Registration managers")
    listing = client.get(CHANGELIST).content.decode()
    assert f'href="{PRINT_ALL}"' in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PRINT_ALL, {"conference": conference.pk, "layout": "a4"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{JOBS}{job.pk}/change/"
    page = client.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert "0 of 3" in page
    assert 'http-equiv="refresh"' in page
    run_tasks()
    page = client.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert "3 of 3" in page
    assert f'href="{JOBS}{job.pk}/download/"' in page
    assert 'http-equiv="refresh"' not in page
    content = b"".join(client.get(f"{JOBS}{job.pk}/download/").streaming_content)
    text = pdf_text(content)
    assert "Иван Петров" in text and "王小明" in text and "Jane Doe" in text
    assert other.family_name not in text


def test_a_conference_without_badge_holders_is_refused(organiser, upcoming):
    client = organiser("Registration managers")
    response = client.post(PRINT_ALL, {"conference": upcoming.pk, "layout": "a6"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bridge Continents 2099 has no confirmed in-person attendee to print a badge for."
    ]
    assert Job.objects.count() == 0
    with pytest.raises(services.DocumentError):
        services.start_badge_batch(conference=upcoming, layout="a6")


def test_another_conference_cannot_be_chosen_on_the_print_run_page(conference, three):
    client = Client()
    client.force_login(team_member("checkin_staff", conference))
    elsewhere = ConferenceFactory()
    RegistrationFactory(conference=elsewhere, attendance_mode="in_person")
    response = client.post(PRINT_ALL, {"conference": elsewhere.pk, "layout": "a6"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["conference"]
    assert Job.objects.count() == 0


def test_the_download_needs_the_print_permission(
    organiser, conference, three, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_badge_batch(conference=conference, layout="a6")
    run_tasks()
    editor = organiser("Content editors")
    assert editor.get(f"{JOBS}{job.pk}/download/").status_code == 403
    assert editor.get(f"{JOBS}{job.pk}/change/").status_code == 403


def test_a_run_is_rendered_once_even_if_its_task_runs_twice(conference, three):
    job = services.start_badge_batch(conference=conference, layout="a6")
    runner.run(job_id=job.pk)
    first = Job.objects.get().result_file.name
    runner.run(job_id=job.pk)
    assert Job.objects.get().result_file.name == first


def test_a_run_whose_people_all_cancelled_fails_with_a_reason(conference, jane):
    from registration import services as registration_services

    job = services.start_badge_batch(conference=conference, layout="a6", registration_ids=[jane.pk])
    registration_services.cancel(registration=jane)
    runner.run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "failed",
        "No confirmed in-person attendee is left in this selection.",
    )


def test_print_runs_and_their_pdfs_are_deleted_after_30_days(conference, jane):
    old = services.start_badge_batch(conference=conference, layout="a6")
    runner.run(job_id=old.pk)
    old.refresh_from_db()
    stored = Path(old.result_file.path)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    recent = services.start_badge_batch(conference=conference, layout="a4")
    assert stored.exists()
    out = io.StringIO()
    call_command("purge_badge_runs", stdout=out)
    assert out.getvalue() == "Deleted 1 badge print runs older than 30 days.\n"
    assert list(Job.objects.all()) == [recent]
    assert not stored.exists()

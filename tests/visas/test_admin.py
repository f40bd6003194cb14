"""The visa officers' admin: only their group sees passport data; every look and export is
in the audit log; exports parse back as CSV and XLSX with formulas kept as text; the status
page takes the invitation PDF."""

import csv
import io

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job
from teams.roles import ROLES
from tests.factories import VisaRequestFactory, team_member
from tests.jobs.helpers import act_and_run, run_and_download
from tests.registration.task_worker import run_tasks
from tests.visas.conftest import PDF
from visas.models import VisaAuditEntry, VisaRequest

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:visas_visarequest_changelist")
AUDIT = reverse("admin:visas_visaauditentry_changelist")
OTHER_GROUPS = ["Registration managers", "Content editors", "Check-in staff"]


def change_url(visa_request):
    return reverse("admin:visas_visarequest_change", args=[visa_request.pk])


def status_url(visa_request):
    return reverse("admin:visas_visarequest_status", args=[visa_request.pk])


def staff_in(group):
    user = User.objects.create_user(f"staff-{group}", is_staff=True)
    team_member(group, user=user)
    client = Client()
    client.force_login(user)
    return client


def action(client, name, *requests):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [r.pk for r in requests]})


def test_the_role_has_the_visa_permissions_only():
    assert sorted(ROLES["visa_officer"].permissions) == [
        "visas.add_visasettings",
        "visas.change_visa_status",
        "visas.change_visasettings",
        "visas.export_visarequest",
        "visas.view_passport_data",
        "visas.view_visaauditentry",
        "visas.view_visarequest",
        "visas.view_visasettings",
    ]


@pytest.mark.parametrize("group", OTHER_GROUPS)
def test_other_staff_are_refused_everything(group):
    visa_request = VisaRequestFactory()
    client = staff_in(group)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(visa_request)).status_code == 403
    assert client.get(status_url(visa_request)).status_code == 403
    assert client.get(AUDIT).status_code == 403
    for name in ("export_csv", "export_xlsx", "mark_submitted"):
        assert action(client, name, visa_request).status_code == 403
    invitation = reverse("admin:visas_visarequest_invitation", args=[visa_request.pk])
    assert client.get(invitation).status_code == 403
    assert visa_request.passport_number not in client.get(reverse("admin:index")).text
    assert VisaRequest.objects.get().status == "requested"
    assert not VisaAuditEntry.objects.exists()


def test_the_admin_index_names_visa_requests_to_officers_only(officer_client):
    assert "Visa requests" in officer_client.get(reverse("admin:index")).text
    assert "Visa requests" not in staff_in("Registration managers").get(reverse("admin:index")).text


def test_every_visa_admin_action_declares_its_permission():
    model_admin = site._registry[VisaRequest]
    for name in model_admin.actions:
        assert getattr(getattr(model_admin, name), "allowed_permissions", ()), name


def test_the_list_and_a_request_are_logged(officer_client, officer):
    first, second = VisaRequestFactory(surname="KIM"), VisaRequestFactory()
    listing = officer_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "KIM" in listing.text
    page = officer_client.get(change_url(first))
    assert page.status_code == 200
    assert first.passport_number in page.text
    assert "Change the status" in page.text
    entries = list(VisaAuditEntry.objects.order_by("id"))
    assert [(e.username, e.action, e.request_ids) for e in entries] == [
        ("officer", "listed", sorted([first.pk, second.pk])),
        ("officer", "viewed", [first.pk]),
    ]


def test_the_list_and_search_stay_within_a_query_budget(
    officer_client, django_assert_max_num_queries
):
    VisaRequestFactory()
    with django_assert_max_num_queries(16):
        officer_client.get(CHANGELIST)
    for _ in range(20):
        VisaRequestFactory()
    with django_assert_max_num_queries(16):
        officer_client.get(CHANGELIST)
    assert officer_client.get(CHANGELIST, {"q": "Ivanova"}).status_code == 200


def export(client, capture, name):
    return run_and_download(
        client, capture, lambda: action(client, name, *VisaRequest.objects.all())
    )


def test_csv_export_parses_back_and_keeps_formulas_as_text(
    officer_client, officer, django_capture_on_commit_callbacks
):
    VisaRequestFactory(surname="=HYPERLINK(1)", passport_number="E00000001")
    response = export(officer_client, django_capture_on_commit_callbacks, "export_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Surname", "Given names", "Sex"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][6] == "E00000001"
    [entry] = VisaAuditEntry.objects.filter(action="exported_csv")
    assert entry.user == officer


def test_xlsx_export_parses_back(officer_client, django_capture_on_commit_callbacks):
    first = VisaRequestFactory(surname="@SUM(A1)", citizenship="CN")
    VisaRequestFactory()
    response = export(officer_client, django_capture_on_commit_callbacks, "export_xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][6] == "Passport number"
    exported = next(row for row in rows if row[0] == "'@SUM(A1)")
    assert exported[5] == "China"
    assert exported[3] == first.birth_date.isoformat()
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    [entry] = VisaAuditEntry.objects.filter(action="exported_xlsx")
    assert len(entry.request_ids) == 2


def test_issued_with_an_upload_stores_the_pdf_and_mails_the_attendee(
    officer_client, django_capture_on_commit_callbacks
):
    visa_request = VisaRequestFactory()
    page = officer_client.get(status_url(visa_request))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            status_url(visa_request),
            {
                "status": "issued",
                "invitation": SimpleUploadedFile("Invitation.PDF", PDF, "application/pdf"),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == change_url(visa_request)
    visa_request.refresh_from_db()
    assert visa_request.status == "issued"
    assert visa_request.invitation.read() == PDF
    [message] = mail.outbox
    assert message.to == [visa_request.registration.email]
    download = officer_client.get(
        reverse("admin:visas_visarequest_invitation", args=[visa_request.pk])
    )
    assert b"".join(download.streaming_content) == PDF
    assert list(VisaAuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "changed_status",
        "downloaded_invitation",
    ]


def test_issued_without_a_pdf_says_so(officer_client):
    visa_request = VisaRequestFactory()
    for upload, message in [
        (None, "Attach the official invitation (PDF)."),
        (SimpleUploadedFile("x.pdf", b"<html>", "application/pdf"), "must be a PDF file"),
    ]:
        data = {"status": "issued"}
        if upload:
            data["invitation"] = upload
        response = officer_client.post(status_url(visa_request), data)
        assert response.status_code == 200
        assert message in response.text
    assert VisaRequest.objects.get().status == "requested"


def test_refused_needs_a_reason_on_the_page(officer_client):
    visa_request = VisaRequestFactory()
    response = officer_client.post(status_url(visa_request), {"status": "refused"})
    assert "Say why the request is refused." in response.text
    officer_client.post(status_url(visa_request), {"status": "refused", "reason": "Too late"})
    assert VisaRequest.objects.get().status == "refused"


def test_bulk_steps_are_a_job_that_reports_what_could_not_move(
    officer_client, officer, django_capture_on_commit_callbacks
):
    requested = VisaRequestFactory()
    sent = VisaRequestFactory(
        status="sent", registration__conference=requested.registration.conference
    )
    job = act_and_run(
        officer_client,
        django_capture_on_commit_callbacks,
        CHANGELIST,
        "mark_submitted",
        [requested, sent],
    )
    assert (job.kind, job.params["step"], job.state) == ("visas.status", "submitted", "done")
    assert job.message.splitlines() == [
        "1 request submitted.",
        f"{sent}: A request that is “Invitation sent” cannot become “Submitted to the "
        "authorities”.",
    ]
    moved = VisaRequest.objects.get(pk=requested.pk)
    assert (moved.status, moved.status_changed_by) == ("submitted", officer)
    assert VisaRequest.objects.get(pk=sent.pk).status == "sent"


def test_a_step_is_not_taken_in_the_request(officer_client, django_capture_on_commit_callbacks):
    requested = VisaRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = action(officer_client, "mark_sent", requested)
    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert VisaRequest.objects.get().status == "requested"
    assert Job.objects.get().params == {
        "language": "en",
        "step": "sent",
        "ids": [requested.pk],
    }


def test_an_officer_of_one_conference_cannot_move_anothers_requests(
    django_capture_on_commit_callbacks,
):
    ours, theirs = VisaRequestFactory(), VisaRequestFactory()
    officer = team_member("visa_officer", ours.registration.conference, username="ours")
    client = Client()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        action(client, "mark_submitted", ours, theirs)
    [job] = Job.objects.all()
    assert (job.conference_id, job.params["ids"]) == (ours.registration.conference_id, [ours.pk])
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    assert VisaRequest.objects.get(pk=ours.pk).status == "submitted"
    assert VisaRequest.objects.get(pk=theirs.pk).status == "requested"


def test_the_audit_log_is_read_only(officer_client):
    VisaAuditEntry.objects.create(at="2026-01-01T10:00Z", username="x", action="viewed")
    entry = VisaAuditEntry.objects.get()
    assert officer_client.get(AUDIT).status_code == 200
    page = officer_client.get(reverse("admin:visas_visaauditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert (
        officer_client.post(
            reverse("admin:visas_visaauditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert VisaAuditEntry.objects.count() == 1


def test_settings_pages_open(officer_client):
    assert officer_client.get(reverse("admin:visas_visasettings_changelist")).status_code == 200
    assert officer_client.get(reverse("admin:visas_visasettings_add")).status_code == 200

"""How a visa request moves from one status to the next, its email, counts per status,
the purge after the conference, and what happens to it when the registration goes."""

import datetime as dt
import io
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction

from registration import services as registration_services
from tests.factories import ConferenceFactory, RegistrationFactory, VisaRequestFactory
from tests.visas.conftest import PDF
from visas import services
from visas.models import VisaRequest, VisaSettings

pytestmark = pytest.mark.django_db

Status = VisaRequest.Status


def pdf(content=PDF, name="invitation.pdf"):
    return ContentFile(content, name=name)


def test_steps_record_when_and_who(officer):
    visa_request = VisaRequestFactory()
    visa_request = services.mark_submitted(visa_request=visa_request, user=officer)
    assert visa_request.status == Status.SUBMITTED
    assert visa_request.submitted_at is not None
    assert visa_request.status_changed_by == officer
    visa_request = services.mark_issued(visa_request=visa_request, user=officer, invitation=pdf())
    assert (visa_request.status, visa_request.invitation.read()) == (Status.ISSUED, PDF)
    visa_request = services.mark_sent(visa_request=visa_request, user=officer)
    assert visa_request.status == Status.SENT
    assert visa_request.sent_at >= visa_request.issued_at >= visa_request.submitted_at


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (Status.REQUESTED, services.mark_sent),
        (Status.SENT, services.mark_submitted),
        (Status.REFUSED, services.mark_submitted),
    ],
)
def test_steps_out_of_order_are_refused(officer, start, step):
    visa_request = VisaRequestFactory(
        status=start, refusal_reason="x" if start == "refused" else ""
    )
    with pytest.raises(services.VisaError) as refused:
        step(visa_request=visa_request, user=officer)
    assert refused.value.message.startswith(
        f"A request that is “{Status(start).label}” cannot become "
    )
    assert VisaRequest.objects.get().status == start


def test_refusal_needs_a_reason(officer):
    visa_request = VisaRequestFactory()
    with pytest.raises(services.VisaError) as refused:
        services.refuse(visa_request=visa_request, user=officer, reason="  ")
    assert refused.value.message == "Say why the request is refused."
    visa_request = services.refuse(
        visa_request=visa_request, user=officer, reason="Arrival outside the dates"
    )
    assert (visa_request.status, visa_request.refusal_reason) == (
        Status.REFUSED,
        "Arrival outside the dates",
    )


def test_the_database_refuses_a_refusal_without_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaRequestFactory(status=Status.REFUSED, refusal_reason="")


def test_the_database_refuses_departure_before_arrival():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaRequestFactory(arrival=dt.date(2026, 5, 10), departure=dt.date(2026, 5, 9))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a not a pdf", "invitation.pdf", "The invitation must be a PDF file."),
        (PDF, "invitation.exe", "The invitation must be a PDF file."),
        (PDF + b"0" * 2048, "invitation.pdf", "The file is larger than 0.0 MB."),
    ],
)
def test_only_a_small_pdf_is_accepted(officer, settings, content, name, message):
    settings.VISA_INVITATION_MAX_BYTES = 1024
    visa_request = VisaRequestFactory()
    with pytest.raises(services.VisaError) as refused:
        services.mark_issued(visa_request=visa_request, user=officer, invitation=pdf(content, name))
    assert refused.value.message == message
    assert VisaRequest.objects.get().status == Status.REQUESTED


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "Your official invitation for the visa is ready"),
        ("ru", None),
    ],
)
def test_the_attendee_is_told_after_commit_in_their_language(
    officer, django_capture_on_commit_callbacks, language, subject
):
    registration = RegistrationFactory(attendance_mode="in_person", language=language)
    visa_request = VisaRequestFactory(registration=registration)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mark_issued(visa_request=visa_request, user=officer, invitation=pdf())
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [registration.email]
    assert message.extra_headers["Content-Language"] == language
    assert f"/registration/manage/{registration.manage_token}/" in message.body
    if language == "en":
        assert message.subject == f"[{registration.conference.title}] {subject}"
    else:
        assert "/ru/registration/manage/" in message.body


def test_counts_by_status_for_one_conference(officer):
    conference = ConferenceFactory()
    for _ in range(2):
        VisaRequestFactory(
            registration=RegistrationFactory(conference=conference, attendance_mode="in_person")
        )
    submitted = VisaRequestFactory(
        registration=RegistrationFactory(conference=conference, attendance_mode="in_person")
    )
    services.mark_submitted(visa_request=submitted, user=officer)
    VisaRequestFactory()  # another conference
    assert VisaRequest.objects.counts_by_status(conference) == {
        "requested": 2,
        "submitted": 1,
        "issued": 0,
        "sent": 0,
        "refused": 0,
    }


def purge_command():
    out = io.StringIO()
    call_command("purge_visa_data", stdout=out)
    return out.getvalue()


def test_purge_deletes_passport_data_and_files_after_the_set_days(
    officer, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory()
    VisaSettings.objects.create(conference=conference, purge_after_days=10)
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    visa_request = VisaRequestFactory(registration=registration)
    with_file = services.mark_issued(visa_request=visa_request, user=officer, invitation=pdf())
    file_path = with_file.invitation.path
    ends = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    conference.starts_at, conference.ends_at = ends - dt.timedelta(days=3), ends
    conference.save()

    with_file.refresh_from_db()
    assert (
        purge_command() == "Visa requests purged: 0\nVisa exports deleted: 0\n"
    )  # day 9 of 10: kept
    assert VisaRequest.objects.get().passport_number == with_file.passport_number

    conference.ends_at = ends - dt.timedelta(days=2)  # day 11
    conference.starts_at = conference.ends_at - dt.timedelta(days=3)
    conference.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_command() == "Visa requests purged: 1\nVisa exports deleted: 0\n"
    purged = VisaRequest.objects.get()
    assert purged.purged_at is not None
    assert purged.status == Status.ISSUED  # the count per status remains
    for field in ("surname", "given_names", "passport_number", "birth_place", "employer"):
        assert getattr(purged, field) is None
    assert (purged.birth_date, purged.passport_expires_on, purged.invitation.name) == (
        None,
        None,
        "",
    )
    assert not os.path.exists(file_path)
    assert purge_command() == "Visa requests purged: 0\nVisa exports deleted: 0\n"


def test_purge_keeps_requests_of_a_conference_not_over():
    VisaRequestFactory()
    assert purge_command() == "Visa requests purged: 0\nVisa exports deleted: 0\n"
    assert VisaRequest.objects.get().purged_at is None


@pytest.mark.parametrize("how", ["cancel", "erase", "delete"])
def test_a_withdrawn_registration_takes_its_visa_data_and_file(
    officer, django_capture_on_commit_callbacks, how
):
    visa_request = VisaRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        visa_request = services.mark_issued(
            visa_request=visa_request, user=officer, invitation=pdf()
        )
    path = visa_request.invitation.path
    assert os.path.exists(path)
    registration = visa_request.registration
    with django_capture_on_commit_callbacks(execute=True):
        if how == "cancel":
            registration_services.cancel(registration=registration)
        elif how == "erase":
            registration_services.erase_personal_data(registration=registration)
        else:
            registration_services.delete_registration(registration=registration)
    assert not VisaRequest.objects.exists()
    assert not os.path.exists(path)


def test_a_visa_request_of_someone_else_stays(officer):
    kept = VisaRequestFactory()
    gone = VisaRequestFactory()
    registration_services.cancel(registration=gone.registration)
    assert list(VisaRequest.objects.all()) == [kept]


def test_the_service_refuses_an_online_attendee():
    registration = RegistrationFactory(attendance_mode="online")
    with pytest.raises(services.VisaError) as refused:
        services.save_request(registration=registration, data={})
    assert refused.value.message == "Visa support is for confirmed in-person attendees."


def test_the_audit_log_records_who_what_which(officer):
    first, second = VisaRequestFactory(), VisaRequestFactory()
    entry = services.record_access(
        user=officer, action="exported_csv", requests=VisaRequest.objects.all()
    )
    assert (entry.username, entry.action, entry.request_ids) == (
        "officer",
        "exported_csv",
        sorted([first.pk, second.pk]),
    )


def test_the_privacy_page_states_the_retention(client):
    page = client.get("/privacy/").content.decode()
    assert (
        "Visa requests (passport data, stored encrypted and seen only by the visa officers) "
        "and official invitations: deleted 30 days after the conference ends"
    ) in page


def test_the_officers_export_files_are_deleted_after_a_day(capsys):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from jobs.models import Job

    old = Job.objects.create(kind="visas.export_csv", dedupe_key="old", state="done")
    Job.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    recent = Job.objects.create(kind="visas.export_xlsx", dedupe_key="recent", state="done")
    call_command("purge_visa_data")
    assert list(Job.objects.all()) == [recent]
    assert capsys.readouterr().out.endswith("Visa exports deleted: 1\n")

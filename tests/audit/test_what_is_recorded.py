"""Each kind of action or read writes one entry: admin pages and changes, exports, visa reads,
check-ins, group messages and attendee mailings."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from attending import services as attending
from attending.tickets import ticket_for
from audit.models import AuditEntry
from messaging import attendee_mailings
from messaging import services as messaging
from tests.factories import ConferenceFactory, RegistrationFactory, RoomFactory, VisaRequestFactory
from tests.jobs.helpers import run_and_download
from tests.registration.task_worker import run_tasks
from visas import services as visas
from visas.models import VisaAuditEntry

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
REGISTRATIONS = "/admin/registration/registration/"


def fields(entry, *names):
    return tuple(getattr(entry, name) for name in names)


def only_entry():
    assert AuditEntry.objects.count() == 1
    return AuditEntry.objects.get()


# --- admin pages ------------------------------------------------------------------------
def test_a_list_is_one_entry_with_its_count_and_conference(admin_client, admin_user):
    conference = ConferenceFactory()
    RegistrationFactory.create_batch(3, conference=conference)
    RegistrationFactory()  # another conference

    page = admin_client.get(
        REGISTRATIONS,
        {"conference__id__exact": conference.pk, "q": "person"},
        REMOTE_ADDR="192.0.2.5",
    )

    assert page.status_code == 200
    entry = only_entry()
    assert fields(
        entry, "action", "user", "conference", "subject_type", "count", "client_address"
    ) == (
        Action.ADMIN_LIST,
        admin_user,
        conference,
        "registration.registration",
        3,
        "192.0.2.5",
    )
    # The search words may be a person's name or address: only that a search was made.
    assert entry.detail == f"conference__id__exact={conference.pk}&searched"


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_reading_a_registration_is_recorded_whatever_the_method(admin_client, method):
    registration = RegistrationFactory()
    response = getattr(admin_client, method)(f"{REGISTRATIONS}{registration.pk}/change/")
    assert response.status_code == 200
    assert fields(only_entry(), "action", "subject_type", "subject_id", "conference") == (
        Action.ADMIN_VIEW,
        "registration.registration",
        registration.pk,
        registration.conference,
    )


def test_the_history_and_delete_pages_are_reads(admin_client):
    registration = RegistrationFactory()
    admin_client.get(f"{REGISTRATIONS}{registration.pk}/history/")
    admin_client.get(f"{REGISTRATIONS}{registration.pk}/delete/")
    assert [
        fields(entry, "action", "subject_id", "detail")
        for entry in AuditEntry.objects.order_by("id")
    ] == [
        (Action.ADMIN_VIEW, registration.pk, "history"),
        (Action.ADMIN_VIEW, registration.pk, "delete page"),
    ]


def room_data(conference, name, capacity=""):
    return {
        "conference": conference.pk,
        "name_en": name,
        "name_ru": "",
        "name_zh_hans": "",
        "capacity": capacity,
    }


def test_add_change_delete_are_recorded_with_field_names_not_values(admin_client):
    conference = ConferenceFactory()
    added = admin_client.post("/admin/events/room/add/", room_data(conference, "Hall A"))
    assert added.status_code == 302
    room = conference.rooms.get()
    changed = admin_client.post(
        f"/admin/events/room/{room.pk}/change/", room_data(conference, "Hall B", "120")
    )
    assert changed.status_code == 302
    deleted = admin_client.post(f"/admin/events/room/{room.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302

    entries = [
        fields(entry, "action", "subject_type", "subject_id", "conference")
        for entry in AuditEntry.objects.order_by("id")
    ]
    assert entries == [
        (Action.ADMIN_ADD, "events.room", room.pk, conference),
        (Action.ADMIN_CHANGE, "events.room", room.pk, conference),
        (Action.ADMIN_DELETE, "events.room", room.pk, conference),
    ]
    change = AuditEntry.objects.get(action=Action.ADMIN_CHANGE)
    assert "Hall B" not in change.detail
    assert change.detail.startswith("changed")
    assert "capacity" in change.detail.lower()


def test_a_form_with_errors_is_a_read_not_a_change(admin_client):
    conference = ConferenceFactory()
    room = RoomFactory(conference=conference, name="Hall A")
    response = admin_client.post(
        f"/admin/events/room/{room.pk}/change/", room_data(conference, "", "-3")
    )
    assert response.status_code == 200
    assert fields(only_entry(), "action", "subject_id", "detail") == (
        Action.ADMIN_VIEW,
        room.pk,
        "form with errors",
    )


def test_a_bulk_delete_is_one_entry_with_the_count(admin_client):
    conference = ConferenceFactory()
    rooms = [RoomFactory(conference=conference, name=f"Hall {n}") for n in range(3)]
    response = admin_client.post(
        "/admin/events/room/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in rooms], "post": "yes"},
    )
    assert response.status_code == 302
    assert fields(only_entry(), "action", "count", "detail") == (
        Action.ADMIN_ACTION,
        3,
        "events.room: delete_selected, 3 deleted",
    )


def test_refused_and_anonymous_requests_write_nothing(client):
    registration = RegistrationFactory()
    client.get(f"{REGISTRATIONS}{registration.pk}/change/")  # to the login page
    client.force_login(User.objects.create_user("nobody", is_staff=True))
    assert client.get(f"{REGISTRATIONS}{registration.pk}/change/").status_code == 403
    assert client.get("/admin/").status_code == 200  # the index shows no personal data
    assert AuditEntry.objects.count() == 0


def test_autocomplete_is_a_read(admin_client):
    admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "registration",
            "model_name": "registration",
            "field_name": "member_institution",
            "term": "Tom",
        },
    )
    assert fields(only_entry(), "action", "detail") == (
        Action.ADMIN_LIST,
        "autocomplete registration.registration",
    )


# --- exports ------------------------------------------------------------------------------
def test_a_registration_csv_export_is_one_entry_at_its_download(
    admin_client, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory()
    people = RegistrationFactory.create_batch(2, conference=conference)
    response = run_and_download(
        admin_client,
        django_capture_on_commit_callbacks,
        lambda: admin_client.post(
            REGISTRATIONS,
            {"action": "export_csv", "_selected_action": [person.pk for person in people]},
        ),
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [entry] = AuditEntry.objects.filter(action=Action.EXPORT)
    assert fields(entry, "conference", "count", "detail", "subject_type") == (
        conference,
        2,
        "registrations csv",
        "jobs.job",
    )


def test_downloading_the_xlsx_export_is_recorded(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    from jobs import services as jobs

    people = RegistrationFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(
            "registration.export_xlsx",
            conference=None,
            user=admin_user,
            params={"ids": [person.pk for person in people]},
        )
    run_tasks()
    response = admin_client.get(f"/admin/jobs/job/{job.pk}/download/")
    assert response.status_code == 200
    assert fields(only_entry(), "action", "subject_type", "subject_id", "count") == (
        Action.EXPORT,
        "jobs.job",
        job.pk,
        2,
    )


# --- visa reads ---------------------------------------------------------------------------
def test_a_visa_read_is_in_both_records():
    officer = User.objects.create_user("officer")
    visa_request = VisaRequestFactory()
    visas.record_access(user=officer, action=VisaAuditEntry.Action.VIEWED, requests=[visa_request])
    assert VisaAuditEntry.objects.count() == 1
    registration = visa_request.registration
    assert fields(
        only_entry(), "action", "username", "subject_type", "subject_id", "conference", "count"
    ) == (
        Action.VISA_READ,
        "officer",
        "registration.registration",
        registration.pk,
        registration.conference,
        1,
    )


def test_a_visa_export_is_an_export_of_many():
    officer = User.objects.create_user("officer")
    requests = [VisaRequestFactory(), VisaRequestFactory()]
    visas.record_access(user=officer, action=VisaAuditEntry.Action.EXPORTED_CSV, requests=requests)
    assert fields(only_entry(), "action", "subject_type", "subject_id", "count", "detail") == (
        Action.EXPORT,
        "visas.visarequest",
        None,
        2,
        "visa: exported_csv",
    )


# --- check-ins ------------------------------------------------------------------------------
def test_a_check_in_is_recorded_once():
    now = timezone.now()
    conference = ConferenceFactory(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1)
    )
    guest = RegistrationFactory(conference=conference, attendance_mode="in_person")
    desk = User.objects.create_user("desk1")
    ticket = ticket_for(guest)
    attending.check_in(ticket=ticket, desk="Front", by=desk, now=now)
    attending.check_in(ticket=ticket, desk="Front", by=desk, now=now)  # already in: no entry
    assert fields(only_entry(), "action", "user", "subject_id", "conference", "detail") == (
        Action.CHECK_IN,
        desk,
        guest.pk,
        conference,
        "Front",
    )


# --- messages -------------------------------------------------------------------------------
def test_a_group_message_is_recorded_once(admin_user):
    conference = ConferenceFactory()
    RegistrationFactory.create_batch(2, conference=conference)
    for _ in range(2):  # the same confirmation twice: one message, one entry
        message, _created = messaging.start_message(
            conference=conference,
            audience={"status": ["confirmed"]},
            texts={"subject_en": "Buses", "body_en": "The buses leave at 8."},
            created_by=admin_user,
            key="6b1c9d0e-2f3a-4b5c-8d7e-9f0a1b2c3d4e",
        )
    assert fields(
        only_entry(), "action", "user", "conference", "subject_type", "subject_id", "count"
    ) == (Action.MESSAGE_SEND, admin_user, conference, "messaging.groupmessage", message.pk, 2)


def test_an_attendee_mailing_is_recorded(admin_user):
    conference = ConferenceFactory()
    RegistrationFactory.create_batch(3, conference=conference)
    mailing, _created = attendee_mailings.start_mailing(
        conference=conference,
        about="conference",
        created_by=admin_user,
        key="5f0e7a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b",
    )
    assert fields(
        only_entry(), "action", "user", "conference", "subject_id", "count", "detail"
    ) == (
        Action.MESSAGE_SEND,
        admin_user,
        conference,
        mailing.pk,
        mailing.recipient_total,
        "attendee mailing: conference",
    )

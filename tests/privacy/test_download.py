""" "Download my data": a readable page and JSON of everything held about the person, from
every app that holds something (privacy/registry.py), and nobody else's data."""

import datetime as dt
import json

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attending.models import CheckIn, Ticket
from privacy import services
from tests.factories import (
    QuestionFactory,
    RegistrationFactory,
    SessionJoinFactory,
    VisaRequestFactory,
)
from tests.privacy.conftest import manage_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(attendee):
    """The attendee with a visa request, an answer, a consent, a ticket and a check-in;
    and another person of the same conference with data of their own."""
    VisaRequestFactory(registration=attendee, passport_number="E99887766", birth_place="Wuhan")
    question = QuestionFactory(conference=attendee.conference, text="Hotel wanted?")
    attendee.answers.create(question=question, question_text="Hotel wanted?", text="Yes, 3 nights")
    services.give(registration=attendee, purpose="photos", client="192.0.2.5", language="en")
    ticket = Ticket.objects.create(registration=attendee)
    CheckIn.objects.create(
        ticket=ticket,
        conference=attendee.conference,
        day=dt.date(2099, 5, 16),
        at=dt.datetime(2099, 5, 16, 2, 0, tzinfo=dt.UTC),
        desk="Main hall",
    )
    other = RegistrationFactory(
        conference=attendee.conference,
        attendance_mode="in_person",
        given_name="Boris",
        family_name="Otherman",
        email="boris.otherman@example.ru",
        dietary_needs="No nuts",
    )
    VisaRequestFactory(registration=other, passport_number="X11223344", birth_place="Omsk")
    other.answers.create(question=question, question_text="Hotel wanted?", text="Other answer")
    services.give(registration=other, purpose="news", client="198.51.100.99", language="ru")
    return attendee


def test_json_holds_everything_and_parses_back(client, held):
    response = client.get(manage_url(held, "my-data.json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-data-bridge.json"'
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["format"] == "conference-personal-data"
    assert data["conference"] == "bridge"
    sections = data["sections"]
    assert list(sections) == ["registration", "answers", "consents", "attendance", "visa"]
    person = sections["registration"]["records"][0]
    assert person["given_name"] == "Mei"
    assert person["family_name"] == "Zhang"
    assert person["email"] == "mei.zhang@example.cn"
    assert person["country"] == "RU"
    assert person["visa_letter_wanted"] is False
    assert sections["answers"]["records"] == [
        {
            "question": "Hotel wanted?",
            "answer": "Yes, 3 nights",
            "updated_at": held.answers.get().updated_at.isoformat(),
        }
    ]
    consent = sections["consents"]["records"][0]
    assert (consent["purpose"], consent["given"], consent["client"], consent["language"]) == (
        "photos",
        True,
        "192.0.2.5",
        "en",
    )
    visa = sections["visa"]["records"][0]
    assert visa["passport_number"] == "E99887766"
    assert visa["birth_place"] == "Wuhan"
    assert visa["birth_date"] == "1990-03-14"
    assert visa["status"] == "Requested"
    attendance = sections["attendance"]["records"]
    assert attendance[0]["ticket_code"] == Ticket.objects.get(registration=held).display_code
    assert attendance[1] == {
        "check_in_day": "2099-05-16",
        "check_in_at": "2099-05-16T02:00:00+00:00",
        "desk": "Main hall",
    }


def test_json_holds_no_other_persons_data(client, held):
    body = client.get(manage_url(held, "my-data.json")).content.decode()
    for theirs in (
        "Boris",
        "Otherman",
        "boris.otherman",
        "X11223344",
        "Omsk",
        "No nuts",
        "Other answer",
        "198.51.100.99",
    ):
        assert theirs not in body


def test_the_readable_page_shows_the_same(client, held):
    response = client.get(manage_url(held, "my-data/"))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    titles = [section.title for section in response.context["sections"]]
    assert titles == [
        "Your registration",
        "Your answers to the organisers’ questions",
        "Your consents",
        "Your ticket and attendance",
        "Your visa request",
    ]
    for mine in ("mei.zhang@example.cn", "E99887766", "Wuhan", "Yes, 3 nights", "192.0.2.5"):
        assert mine in html
    for theirs in ("Otherman", "X11223344", "Omsk", "198.51.100.99"):
        assert theirs not in html
    assert f'href="{manage_url(held, "my-data.json")}"' in html


def test_the_page_speaks_the_language_of_its_address(client, held):
    html = client.get(f"/ru{manage_url(held, 'my-data/')}").content.decode()
    assert 'lang="ru"' in html


def test_joins_documents_and_messages_are_included(client, attendee):
    from documents.models import Badge, VerificationCode
    from messaging.models import GroupMessage, Recipient

    SessionJoinFactory(registration=attendee, session__title="Opening")
    VerificationCode.objects.create(registration=attendee, kind="letter")
    Badge.objects.create(registration=attendee, role="speaker")
    message = GroupMessage.objects.create(
        conference=attendee.conference, subject="Bus to the venue", body="At 8:00."
    )
    Recipient.objects.create(message=message, registration=attendee, state="queued")
    sections = json.loads(client.get(manage_url(attendee, "my-data.json")).content)["sections"]
    assert sections["attendance"]["records"][0]["session"] == "Opening"
    documents = sections["documents"]["records"]
    assert documents[0]["document"] == "Registration confirmation letter"
    assert documents[1] == {"badge_role": "Speaker"}
    assert sections["messages"]["records"][0]["subject"] == "Bus to the venue"
    assert sections["messages"]["records"][0]["state"] == "Queued"


def test_a_delegation_member_sees_who_entered_them(client, conference):
    from tests.factories import MemberFactory

    registration = RegistrationFactory(conference=conference)
    MemberFactory(
        delegation__conference=conference,
        delegation__contact_name="Olga Petrova",
        registration=registration,
        outcome="registered",
        email=registration.email,
    )
    sections = json.loads(client.get(manage_url(registration, "my-data.json")).content)["sections"]
    assert sections["delegation"]["records"][0]["contact_name"] == "Olga Petrova"
    assert sections["delegation"]["records"][0]["email"] == registration.email


def test_passport_data_only_when_the_visa_key_opens_them(client, held):
    """A key that does not open the data (a wrong or dropped key): the download works,
    says so, and shows no ciphertext and no passport data."""
    alien = Fernet(Fernet.generate_key())
    visa = held.visa_request
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE visas_visarequest SET surname = %s, passport_number = %s WHERE id = %s",
            [alien.encrypt(b"ZHANG").decode(), alien.encrypt(b"E99887766").decode(), visa.pk],
        )
    response = client.get(manage_url(held, "my-data.json"))
    assert response.status_code == 200
    section = json.loads(response.content)["sections"]["visa"]
    assert section["note"].startswith("Your passport data cannot be read at the moment")
    assert "passport_number" not in section["records"][0]
    assert section["records"][0]["status"] == "Requested"
    assert "gAAAA" not in response.content.decode()


def test_a_date_the_key_cannot_open_is_no_500(client, held):
    alien = Fernet(Fernet.generate_key())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE visas_visarequest SET birth_date = %s WHERE id = %s",
            [alien.encrypt(b"1990-03-14").decode(), held.visa_request.pk],
        )
    response = client.get(manage_url(held, "my-data/"))
    assert response.status_code == 200
    assert "Your passport data cannot be read at the moment" in response.content.decode()
    assert "E99887766" not in response.content.decode()


@pytest.mark.parametrize("rest", ["my-data/", "my-data.json"])
def test_download_is_get_only(client, attendee, rest):
    assert client.post(manage_url(attendee, rest)).status_code == 405
    assert client.delete(manage_url(attendee, rest)).status_code == 405


def test_a_cancelled_person_can_still_download(client, attendee):
    from registration import services as registration_services

    registration_services.cancel(registration=attendee)
    response = client.get(manage_url(attendee, "my-data.json"))
    assert response.status_code == 200
    assert json.loads(response.content)["sections"]["registration"]["records"][0]["status"] == (
        "Cancelled"
    )


def test_after_erasure_the_link_downloads_nothing(client, attendee):
    from registration import services as registration_services

    url = manage_url(attendee, "my-data.json")
    registration_services.erase_personal_data(registration=attendee)
    assert client.get(url).status_code == 404


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_download_costs_the_same_queries_with_more_data(client, held):
    url = manage_url(held, "my-data.json")
    few = queries_for(client, url)
    for n in range(5):
        question = QuestionFactory(conference=held.conference, text=f"Q{n}")
        held.answers.create(question=question, question_text=question.text, text=str(n))
        CheckIn.objects.create(
            ticket=held.ticket,
            conference=held.conference,
            day=dt.date(2099, 5, 17 + n),
            at=dt.datetime(2099, 5, 17 + n, 2, 0, tzinfo=dt.UTC),
            desk="Main hall",
        )
    services.give(registration=held, purpose="news", client=None, language="en")
    assert queries_for(client, url) == few


def test_each_download_is_on_the_record(client, attendee):
    from audit.models import AuditEntry

    client.get(manage_url(attendee, "my-data/"), REMOTE_ADDR="192.0.2.30")
    client.get(manage_url(attendee, "my-data.json"), REMOTE_ADDR="192.0.2.31")
    entries = AuditEntry.objects.order_by("id")
    assert [
        (e.action, e.subject_type, e.subject_id, e.client_address, e.username, e.detail)
        for e in entries
    ] == [
        ("data_download", "registration.registration", attendee.pk, "192.0.2.30", "", "html"),
        ("data_download", "registration.registration", attendee.pk, "192.0.2.31", "", "json"),
    ]

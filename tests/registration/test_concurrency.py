"""Many people pressing the button at the same instant, on a real PostgreSQL.

Each thread is a separate request with its own database connection, released together by
a barrier. Skipped on SQLite (see conftest.py): there writers are serialised anyway.
"""

import pytest
from django.core import mail
from django.test import Client

from registration.models import Registration
from tests.conftest import at_once
from tests.factories import InvitationCodeFactory, RegistrationFactory
from tests.registration.conftest import confirm_path, form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("requests_only"),
]

REGISTER = "/events/bridge-continents/register/"


def post(path, data):
    return lambda: Client().post(path, data).status_code


def test_fifty_eligible_people_for_ten_seats(conference):
    conference.in_person_capacity = 10
    conference.save()
    emails = [f"person{n}@tpu.ru" for n in range(50)]
    statuses = at_once([post(REGISTER, form_data(email=email)) for email in emails])
    assert statuses == [302] * 50
    assert Registration.objects.filter(status="pending_email").count() == 50
    confirm_paths = [confirm_path(message) for message in mail.outbox]
    assert len(set(confirm_paths)) == 50

    mail.outbox.clear()
    statuses = at_once([post(path, {"confirm": "True"}) for path in confirm_paths])
    assert statuses == [302] * 50
    in_person = Registration.objects.filter(attendance_mode="in_person")
    assert in_person.filter(status="confirmed").count() == 10
    assert in_person.filter(status="waiting_list").count() == 40
    assert in_person.filter(status="waiting_list", waiting_since__isnull=True).count() == 0
    subjects = sorted(message.subject.split("] ")[1] for message in mail.outbox)
    assert subjects == ["You are on the waiting list"] * 40 + ["You are registered"] * 10


def test_thirty_submissions_of_one_address(conference):
    data = form_data(email="same.person@tpu.ru")
    statuses = at_once([post(REGISTER, data) for _ in range(30)])
    assert statuses == [302] * 30
    assert Registration.objects.count() == 1
    # The registration's mail, then at most 3 "here is your link again" an hour, however
    # many posts ask at the same moment.
    assert len(mail.outbox) == 1 + 3
    assert {message.to[0] for message in mail.outbox} == {"same.person@tpu.ru"}
    assert len({confirm_path(message) for message in mail.outbox}) == 1


def test_cancellations_and_confirmations_racing_never_overbook(conference):
    conference.in_person_capacity = 10
    conference.save()
    holders = RegistrationFactory.create_batch(
        10, conference=conference, attendance_mode="in_person"
    )
    waiting = [
        RegistrationFactory(
            conference=conference,
            attendance_mode="in_person",
            status="waiting_list",
            waiting_since=f"2020-01-01T00:{n:02d}Z",
            email=f"w{n}@tpu.ru",
        )
        for n in range(15)
    ]
    pending = [
        RegistrationFactory(
            conference=conference,
            attendance_mode="in_person",
            status="pending_email",
            email_confirmed_at=None,
            email=f"p{n}@tpu.ru",
        )
        for n in range(15)
    ]
    calls = [
        post(f"/registration/manage/{r.manage_token}/cancel/", {"confirm": "True"})
        for r in holders[:8]
    ] + [
        post(f"/registration/manage/{r.manage_token}/confirm/", {"confirm": "True"})
        for r in pending
    ]
    statuses = at_once(calls)
    assert statuses == [200] * 8 + [302] * 15
    confirmed = Registration.objects.filter(attendance_mode="in_person", status="confirmed")
    assert confirmed.count() == 10
    # The freed seats went to the first eight on the waiting list, in order.
    promoted = set(confirmed.values_list("pk", flat=True)) - {r.pk for r in holders}
    assert promoted == {r.pk for r in waiting[:8]}
    assert Registration.objects.filter(status="waiting_list").count() == 7 + 15


def test_invitation_code_with_five_uses_taken_by_twenty(conference):
    conference.in_person_capacity = 100
    conference.save()
    code = InvitationCodeFactory(conference=conference, code="GUESTS-2099", max_uses=5)
    guests = [
        RegistrationFactory(
            conference=conference,
            attendance_mode="in_person",
            status="pending_email",
            email_confirmed_at=None,
            email=f"guest{n}@example.com",
            invitation=code,
        )
        for n in range(20)
    ]
    statuses = at_once(
        [
            post(f"/registration/manage/{g.manage_token}/confirm/", {"confirm": "True"})
            for g in guests
        ]
    )
    assert statuses == [302] * 20
    code.refresh_from_db()
    assert code.used_count == 5
    assert (
        Registration.objects.filter(status="confirmed", eligibility_route="invitation").count() == 5
    )
    assert Registration.objects.filter(status="awaiting_approval").count() == 15

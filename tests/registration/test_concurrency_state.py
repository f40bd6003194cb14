"""State changes racing each other on a real PostgreSQL: capacity decisions stay under the
conference row lock, so nobody gets a seat twice and nobody loses a place."""

import pytest
from django.test import Client

from events.services import save_conference
from registration.models import Registration
from tests.conftest import at_once
from tests.factories import RegistrationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("requests_only"),
]


def switch(registration, mode):
    path = f"/registration/manage/{registration.manage_token}/switch/"
    return lambda: Client().post(path, {"attendance_mode": mode}).status_code


def test_twenty_online_members_ask_for_the_last_two_seats_at_once(conference):
    RegistrationFactory(conference=conference, attendance_mode="in_person")
    askers = [
        RegistrationFactory(conference=conference, attendance_mode="online", email=f"p{n}@tpu.ru")
        for n in range(20)
    ]
    assert at_once([switch(r, "in_person") for r in askers]) == [302] * 20
    rows = Registration.objects.filter(pk__in=[r.pk for r in askers])
    assert rows.filter(attendance_mode="in_person", status="confirmed").count() == 2
    # Everyone else still has their online place, and waits for a seat.
    assert (
        rows.filter(attendance_mode="online", status="confirmed", seat_request="waiting_list")
        .exclude(waiting_since=None)
        .count()
        == 18
    )


def test_cancelling_while_the_conference_moves_online_loses_nobody(conference):
    seated = RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    waiting = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="waiting_list"
    )

    def move_online():
        conference.attendance_mode = "online"
        save_conference(conference=conference)
        return "moved"

    def cancel():
        path = f"/registration/manage/{seated[0].manage_token}/cancel/"
        return Client().post(path, {"confirm": "True"}).status_code

    assert sorted(map(str, at_once([move_online, cancel]))) == ["200", "moved"]
    states = {
        r.pk: (r.attendance_mode, r.status)
        for r in Registration.objects.filter(pk__in=[s.pk for s in seated] + [waiting.pk])
    }
    assert states[seated[0].pk][1] == "cancelled"
    assert [states[s.pk] for s in seated[1:]] == [("online", "confirmed")] * 2
    assert states[waiting.pk] == ("online", "confirmed")

"""Two desks checking one ticket in at the same instant, on a real PostgreSQL: one arrival
is recorded, the other desk is told when and by whom. Skipped on SQLite (conftest.py)."""

import re

import pytest
from django.test import Client

from attending import services
from attending.models import CheckIn
from attending.tickets import ticket_for
from tests.conftest import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DESK = "/checkin/bridge-continents/"
MESSAGE_RE = re.compile(r'<div class="alert alert-\w+">(.*?)</div>')


def test_two_desks_one_ticket_through_the_service(guest):
    ticket = ticket_for(guest)
    results = at_once(
        [lambda desk=desk: services.check_in(ticket=ticket, desk=desk) for desk in "AB"]
    )
    assert sorted(result.created for result in results) == [False, True]
    assert results[0].check_in == results[1].check_in
    assert CheckIn.objects.count() == 1


def test_two_desks_one_ticket_through_the_page(guest, staff):
    ticket_for(guest)

    def desk(name):
        # Signed in (and the second factor proved) before the race, one desk after another.
        client = Client()
        client.force_login(staff)

        def post():
            response = client.post(DESK, {"registration": guest.pk, "desk": name}, follow=True)
            # From the page itself: the test client's captured context is shared between
            # threads, the HTML is each request's own.
            return MESSAGE_RE.findall(response.content.decode())

        return post

    results = at_once([desk(f"Desk {n}") for n in range(4)])
    check_in = CheckIn.objects.get()
    time = check_in.at.astimezone(guest.conference.zone).strftime("%H:%M")
    assert sorted(results) == sorted(
        [["Анна Иванова is checked in."]]
        + [[f"Already checked in at {time} by desk {check_in.desk}."]] * 3
    )


def test_first_ticket_made_at_once_is_one_ticket(guest):
    tickets = at_once([lambda: ticket_for(guest) for _ in range(4)])
    assert len({ticket.pk for ticket in tickets}) == 1

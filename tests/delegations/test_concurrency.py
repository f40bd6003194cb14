"""Delegations at the same instant, on a real PostgreSQL (skipped on SQLite: conftest.py).
Seats are decided per person under registration's conference lock, the unique address
holds across delegations, and a confirmation link pressed twice registers once."""

import pytest
from django.db.models import Count

from delegations import services
from delegations.models import Delegation
from jobs.models import Job
from registration import services as registration_services
from registration.models import Registration
from tests.conftest import at_once
from tests.delegations.conftest import contact, person
from tests.registration.task_worker import run_db_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def delegation_of(conference, people, email):
    delegation = services.submit(
        conference=conference, contact=contact(contact_email=email), members=people
    )
    delegation = services.confirm_contact(delegation=delegation)
    run_db_worker()  # the job that registers its people
    return delegation


def test_two_delegations_take_the_last_seats_at_once(conference):
    """Three seats, two delegations of two eligible people each: all four confirm at the
    same instant; three get a seat, one waits, nobody is over the capacity."""
    first = delegation_of(
        conference,
        [person(f"A{n}", "TPU", f"a{n}@tpu.ru", "in_person") for n in range(2)],
        "first@tpu.ru",
    )
    second = delegation_of(
        conference,
        [person(f"B{n}", "TPU", f"b{n}@tpu.ru", "in_person") for n in range(2)],
        "second@tpu.ru",
    )
    registrations = [
        member.registration
        for delegation in (first, second)
        for member in delegation.members.select_related("registration")
    ]
    results = at_once(
        [
            lambda r=registration: registration_services.confirm_email(registration=r).status
            for registration in registrations
        ]
    )
    assert sorted(results) == ["confirmed", "confirmed", "confirmed", "waiting_list"]
    counts = dict(Registration.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert counts == {"confirmed": 3, "waiting_list": 1}


def test_two_delegations_naming_one_person_register_them_once(conference):
    shared = person("Shared", "Person", "shared@tpu.ru")
    delegations = [
        services.submit(
            conference=conference,
            contact=contact(contact_email=f"contact{n}@tpu.ru"),
            members=[shared, person("Own", str(n), f"own{n}@tpu.ru")],
        )
        for n in range(2)
    ]
    for delegation in delegations:
        services.confirm_contact(delegation=delegation)
    # Both confirmation jobs' work at the same instant (then the worker finds nothing left).
    at_once(
        [
            lambda d=d: services.register_waiting(delegation=d, now=d.email_confirmed_at)
            for d in Delegation.objects.all()
        ]
    )
    run_db_worker()

    assert Registration.objects.filter(email="shared@tpu.ru").count() == 1
    outcomes = sorted(d.members.get(email="shared@tpu.ru").outcome for d in delegations)
    assert outcomes == ["already_registered", "registered"]
    assert Registration.objects.count() == 3


def test_the_confirmation_pressed_twice_at_once_registers_once(conference):
    delegation = services.submit(
        conference=conference,
        contact=contact(),
        members=[person("One", "Person", "one@tpu.ru")],
    )
    at_once([lambda: services.confirm_contact(delegation=delegation) for _ in range(3)])
    assert Job.objects.count() == 1
    run_db_worker()
    assert Registration.objects.filter(email="one@tpu.ru").count() == 1
    assert delegation.members.get().outcome == "registered"


def test_one_client_entering_people_twice_at_once_stays_within_its_cap(conference, settings):
    """Two forms from one address at the same instant, 20 people each, 30 allowed an hour:
    one is counted, the other refused; never 40."""
    settings.DELEGATION_PEOPLE_PER_HOUR = 30
    results = at_once(
        [lambda: services.take_people_allowance(client="203.0.113.5", count=20) for _ in range(2)]
    )
    assert sorted(results) == [False, True]
    assert services.take_people_allowance(client="203.0.113.5", count=10) is True
    assert services.take_people_allowance(client="203.0.113.5", count=1) is False

"""Consents pressed twice at once, on a real PostgreSQL (the registration row's lock decides;
SQLite serialises writers anyway). Skipped on SQLite (conftest.py)."""

import itertools

import pytest

from privacy import services
from privacy.models import Consent
from tests.conftest import at_once
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_consent_given_three_times_at_once_is_one_row():
    registration = RegistrationFactory()
    results = at_once(
        [
            lambda: services.give(registration=registration, purpose="news", client="192.0.2.1")
            for _ in range(3)
        ]
    )
    assert all(isinstance(result, Consent) for result in results), results
    assert Consent.objects.filter(registration=registration).count() == 1


def test_a_withdrawal_racing_a_give_leaves_the_latest_row_deciding():
    registration = RegistrationFactory()
    services.give(registration=registration, purpose="photos")
    at_once(
        [
            lambda: services.withdraw(registration=registration, purpose="photos"),
            lambda: services.withdraw(registration=registration, purpose="photos"),
            lambda: services.give(registration=registration, purpose="photos"),
        ]
    )
    rows = list(Consent.objects.filter(registration=registration).order_by("at", "id"))
    # Never two withdrawals in a row: each was decided on the state the lock showed.
    states = [row.given for row in rows]
    assert all(a != b for a, b in itertools.pairwise(states)), states
    assert Consent.objects.current(registration)["photos"].given is states[-1]

"""Two saves of one person's visa request at the same instant, and an officer's step racing
the attendee's edit, on a real PostgreSQL. Skipped on SQLite (conftest.py)."""

import datetime as dt

import pytest

from tests.conftest import at_once
from tests.factories import RegistrationFactory, VisaRequestFactory
from visas import services
from visas.models import VisaRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def data_for(registration, city):
    conference = registration.conference
    return {
        "surname": "WANG",
        "given_names": "LI",
        "sex": "M",
        "birth_date": dt.date(1985, 1, 2),
        "birth_place": "Xi'an",
        "citizenship": "CN",
        "passport_number": "E11112222",
        "passport_issued_on": dt.date(2022, 1, 1),
        "passport_expires_on": dt.date(2032, 1, 1),
        "apply_city": city,
        "arrival": conference.starts_at.date(),
        "departure": conference.ends_at.date(),
        "employer": "Xidian University",
        "position": "Lecturer",
    }


def test_two_first_saves_at_once_make_one_request():
    registration = RegistrationFactory(attendance_mode="in_person")
    results = at_once(
        [
            lambda city=city: services.save_request(
                registration=registration, data=data_for(registration, city)
            )
            for city in ("Beijing", "Shanghai", "Guangzhou")
        ]
    )
    assert all(isinstance(result, VisaRequest) for result in results), results
    assert VisaRequest.objects.count() == 1
    assert VisaRequest.objects.get().apply_city in {"Beijing", "Shanghai", "Guangzhou"}


def test_an_edit_racing_the_submission_never_changes_a_submitted_request(officer):
    visa_request = VisaRequestFactory(apply_city="Beijing")
    registration = visa_request.registration
    results = at_once(
        [
            lambda: services.mark_submitted(visa_request=visa_request, user=officer),
            lambda: services.save_request(
                registration=registration, data=data_for(registration, "Harbin")
            ),
        ]
    )
    saved = VisaRequest.objects.get()
    assert saved.status == "submitted"
    if isinstance(results[1], services.VisaError):
        assert saved.apply_city == "Beijing"  # the submission came first: the edit refused
    else:
        assert saved.apply_city == "Harbin"  # the edit came first and was submitted

"""Erasures and the purge jobs write a destruction record (audit.DestructionRecord): under
which rule, how many of what, when, for which conference; never a name or an address."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import DestructionRecord
from registration import services as registration_services
from registration.models import Registration
from tests.factories import (
    ConferenceFactory,
    DelegationFactory,
    MemberFactory,
    QuestionFactory,
    RegistrationFactory,
    VisaRequestFactory,
)
from tests.privacy.conftest import manage_url
from visas import services as visa_services

pytestmark = pytest.mark.django_db

NAMES = ("Mei", "Zhang", "mei.zhang", "Wuhan", "E99887766", "Vegan", "3 nights")


def records():
    return [
        (r.rule, r.categories, r.conference_id) for r in DestructionRecord.objects.order_by("id")
    ]


def assert_no_personal_data():
    dumped = json.dumps(
        [[r.rule, r.categories, r.conference_label] for r in DestructionRecord.objects.all()]
    )
    for name in NAMES:
        assert name not in dumped


def test_an_erasure_from_the_manage_page_is_recorded_with_counts(client, attendee):
    attendee.dietary_needs = "Vegan"
    attendee.save()
    VisaRequestFactory(registration=attendee, birth_place="Wuhan", passport_number="E99887766")
    question = QuestionFactory(conference=attendee.conference)
    attendee.answers.create(question=question, question_text="Hotel?", text="3 nights")
    client.post(manage_url(attendee, "erase/"), {"confirm": "True"})
    assert records() == [
        (
            "erasure at the person's request",
            {
                "registration details (name, email address, institution, position)": 1,
                "accessibility and dietary notes": 1,
                "answers to the organisers' questions": 1,
                "visa requests with passport data": 1,
            },
            attendee.conference_id,
        )
    ]
    assert_no_personal_data()


def test_withdrawing_registration_consent_is_recorded_under_its_rule(client, attendee):
    from privacy import services

    services.give(registration=attendee, purpose="news", client="192.0.2.1", language="en")
    client.post(manage_url(attendee, "consent/registration/withdraw/"), {"confirm": "True"})
    assert records() == [
        (
            "consent to registration withdrawn",
            {
                "registration details (name, email address, institution, position)": 1,
                "client addresses recorded with consents": 2,
            },
            attendee.conference_id,
        )
    ]


def test_cancelling_records_the_visa_data_that_went(attendee):
    VisaRequestFactory(registration=attendee)
    registration_services.cancel(registration=attendee)
    assert records() == [
        (
            "registration cancelled: its visa data go with it",
            {"visa requests with passport data": 1},
            attendee.conference_id,
        )
    ]


def test_cancelling_with_nothing_destroyed_records_nothing(attendee):
    registration_services.cancel(registration=attendee)
    assert records() == []


def test_the_visa_purge_records_per_conference(attendee):
    now = timezone.now()
    past = ConferenceFactory(
        starts_at=now - dt.timedelta(days=40), ends_at=now - dt.timedelta(days=35)
    )
    for _ in range(2):
        VisaRequestFactory(registration__conference=past, birth_place="Wuhan")
    VisaRequestFactory(registration=attendee)  # its conference is ahead: kept
    assert visa_services.purge(now=now) == 2
    assert records() == [
        (
            "retention: visa data deleted the set number of days after the conference",
            {"visa requests with passport data": 2},
            past.pk,
        )
    ]
    assert_no_personal_data()


def test_the_registration_purge_records_each_rule(conference, capsys):
    now = timezone.now()
    stale = RegistrationFactory(conference=conference, status="pending_email", given_name="Mei")
    Registration.objects.filter(pk=stale.pk).update(created_at=now - dt.timedelta(days=31))
    past = ConferenceFactory(
        starts_at=now - dt.timedelta(days=200), ends_at=now - dt.timedelta(days=190)
    )
    RegistrationFactory.create_batch(3, conference=past, family_name="Zhang")
    RegistrationFactory(conference=past, dietary_needs="Vegan")
    call_command("purge_registration_data")
    assert records() == [
        (
            "retention: address unconfirmed for 30 days",
            {"registrations": 1},
            conference.pk,
        ),
        (
            "retention: erased 180 days after the conference",
            {
                "registration details (name, email address, institution, position)": 4,
                "accessibility and dietary notes": 1,
            },
            past.pk,
        ),
    ]
    assert_no_personal_data()
    assert Registration.objects.filter(conference=past, erased_at__isnull=False).count() == 4


def test_the_delegation_purge_is_recorded(conference):
    now = timezone.now()
    delegation = DelegationFactory(conference=conference, email_confirmed_at=None)
    MemberFactory.create_batch(2, delegation=delegation)
    from delegations.models import Delegation

    Delegation.objects.filter(pk=delegation.pk).update(created_at=now - dt.timedelta(days=31))
    call_command("purge_delegations")
    assert records() == [
        (
            "retention: delegations unconfirmed for 30 days or 6 months after the conference; "
            "people whose registration is erased",
            {"delegations (contact person's details)": 1, "people entered by a delegation": 2},
            None,
        )
    ]


def test_a_purge_with_nothing_to_do_records_nothing(conference):
    call_command("purge_delegations")
    visa_services.purge()
    call_command("purge_message_logs")
    call_command("purge_badge_runs")
    call_command("purge_enquiries")
    assert records() == []


def test_deleting_in_the_admin_is_recorded(admin_client, conference):
    registration = RegistrationFactory(conference=conference)
    response = admin_client.post(
        f"/admin/registration/registration/{registration.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert records() == [
        ("registration deleted by the organisers", {"registrations": 1}, conference.pk)
    ]


def test_withdrawing_the_visa_consent_is_recorded(client, attendee):
    from privacy import services

    VisaRequestFactory(registration=attendee, birth_place="Wuhan")
    services.give(registration=attendee, purpose="visa", client=None, language="en")
    client.post(manage_url(attendee, "consent/visa/withdraw/"), {"confirm": "True"})
    assert records() == [
        (
            "consent withdrawn: visa",
            {"visa requests with passport data": 1},
            attendee.conference_id,
        )
    ]
    assert_no_personal_data()

"""The privacy notice's retention promises, kept by purge_registration_data."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from mailer.models import RESULT_SUCCESS, MessageLog

from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_purge_keeps_the_privacy_promises(conference, capsys):
    now = timezone.now()
    stale = RegistrationFactory(conference=conference, status="pending_email")
    fresh = RegistrationFactory(conference=conference, status="pending_email")
    Registration.objects.filter(pk=stale.pk).update(created_at=now - dt.timedelta(days=31))
    past = ConferenceFactory(
        starts_at=now - dt.timedelta(days=200),
        ends_at=now - dt.timedelta(days=190),
        in_person_capacity=1,
    )
    old = RegistrationFactory(conference=past, attendance_mode="in_person", family_name="Old")
    waiting = RegistrationFactory(
        conference=past, attendance_mode="in_person", status="waiting_list"
    )
    current = RegistrationFactory(conference=conference, family_name="Current")
    for days in (91, 1):
        MessageLog.objects.create(
            message_data="",
            when_added=now - dt.timedelta(days=days),
            when_attempted=now - dt.timedelta(days=days),
            priority=2,
            result=RESULT_SUCCESS,
            log_message="",
        )

    call_command("purge_registration_data")

    assert not Registration.objects.filter(pk=stale.pk).exists()
    assert Registration.objects.filter(pk=fresh.pk).exists()
    old.refresh_from_db()
    assert (old.family_name, old.status, old.erased_at is not None) == ("", "cancelled", True)
    waiting.refresh_from_db()
    assert waiting.erased_at is not None
    assert mail.outbox == []  # nobody is offered a seat at a past conference
    current.refresh_from_db()
    assert current.family_name == "Current"
    assert MessageLog.objects.count() == 1
    assert "Deleted 1 unconfirmed registrations, erased 2 after their conference" in (
        capsys.readouterr().out
    )

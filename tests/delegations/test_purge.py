"""The privacy notice's retention for delegations, kept by manage.py purge_delegations."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from delegations import links
from delegations.models import Delegation, Member
from registration import services as registration_services
from tests.factories import DelegationFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def purge():
    out = io.StringIO()
    call_command("purge_delegations", stdout=out)
    return out.getvalue().strip()


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_unconfirmed_after_thirty_days_and_ended_after_six_months_are_deleted(conference):
    kept = DelegationFactory(conference=conference, email_confirmed_at=None)
    old_unconfirmed = DelegationFactory(conference=conference, email_confirmed_at=None)
    Delegation.objects.filter(pk=old_unconfirmed.pk).update(created_at=days_ago(31))
    MemberFactory.create_batch(2, delegation=old_unconfirmed)
    confirmed_long_ago = DelegationFactory(conference=conference)
    Delegation.objects.filter(pk=confirmed_long_ago.pk).update(created_at=days_ago(100))
    ended = DelegationFactory(
        conference__starts_at=days_ago(200), conference__ends_at=days_ago(181)
    )
    MemberFactory(delegation=ended)

    assert purge() == "Deleted 2 delegations and 3 people's rows."
    assert set(Delegation.objects.all()) == {kept, confirmed_long_ago}


def test_a_person_who_erased_their_data_leaves_the_contacts_page(conference):
    delegation = DelegationFactory(conference=conference)
    erased = MemberFactory(
        delegation=delegation,
        outcome="registered",
        registration=RegistrationFactory(conference=conference),
    )
    registration_services.erase_personal_data(registration=erased.registration)
    staying = MemberFactory(
        delegation=delegation,
        given_name="Staying",
        outcome="registered",
        registration=RegistrationFactory(conference=conference),
    )
    already = MemberFactory(delegation=delegation, outcome="already_registered")
    assert "Withdrawn" in Client().get(links.page_path(delegation)).content.decode()

    assert purge() == "Deleted 0 delegations and 1 people's rows."
    assert list(Member.objects.all()) == [staying, already]
    assert "Withdrawn" not in Client().get(links.page_path(delegation)).content.decode()


def test_the_privacy_notice_states_it(client):
    html = client.get("/privacy/").content.decode()
    assert "Delegations (the contact person" in html
    assert "30 days if the contact never confirmed their address" in html

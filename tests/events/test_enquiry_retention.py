"""Enquiries are deleted on the schedule the privacy notice states: six months."""

import datetime as dt

import pytest
from django.core.management import call_command

from events import services
from events.models import Enquiry
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

SIX_MONTHS = dt.timedelta(days=183)


def test_enquiries_are_kept_six_months_then_deleted_handled_or_not():
    handled = EnquiryFactory(handled=True)
    open_one = EnquiryFactory(handled=False)
    sent = handled.created_at

    assert services.purge_enquiries(now=sent + SIX_MONTHS - dt.timedelta(minutes=1)) == 0
    assert Enquiry.objects.count() == 2
    assert (
        services.purge_enquiries(now=open_one.created_at + SIX_MONTHS + dt.timedelta(minutes=1))
        == 2
    )
    assert Enquiry.objects.count() == 0
    # Running it again finds nothing more.
    assert services.purge_enquiries(now=sent + 2 * SIX_MONTHS) == 0


def test_the_daily_command_keeps_todays_enquiries(capsys):
    EnquiryFactory()

    call_command("purge_enquiries")

    assert capsys.readouterr().out == "Deleted 0 enquiries older than six months.\n"
    assert Enquiry.objects.count() == 1


def test_the_privacy_notice_states_the_schedule(client):
    page = client.get("/privacy/").content.decode()

    assert (
        "<li>Requests for information sent from a conference page, with the contact details in "
        "them: six months.</li>"
    ) in page
    assert services.ENQUIRY_RETENTION == SIX_MONTHS

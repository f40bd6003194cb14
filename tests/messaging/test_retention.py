"""Send logs are kept as long as the privacy page says (MESSAGE_LOG_RETENTION_DAYS), then
purge_message_logs deletes them; the message itself, which names nobody, stays."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from messaging.models import GroupMessage, Recipient
from tests.messaging.conftest import compose
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


def test_the_privacy_page_states_the_period(client, settings):
    assert settings.MESSAGE_LOG_RETENTION_DAYS == 90
    html = client.get(reverse("registration:privacy")).content.decode()
    assert (
        "The send log of a message from the organisers (who it went to, and whether it was "
        "delivered): 90 days." in html
    )


def test_logs_older_than_the_period_are_purged(desk, conference, people):
    desk.confirm(compose(conference))
    desk.confirm(compose(conference, countries=["DE"]))
    run_tasks()
    old, recent = GroupMessage.objects.order_by("pk")
    # Confirmed 90 days and a minute ago; the other one 89 days ago.
    GroupMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=90, minutes=1)
    )
    GroupMessage.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - dt.timedelta(days=89)
    )
    assert (old.recipients.count(), recent.recipients.count()) == (5, 1)

    out = StringIO()
    call_command("purge_message_logs", stdout=out)

    assert out.getvalue() == "Deleted 5 send log entries.\n"
    assert (old.recipients.count(), recent.recipients.count()) == (0, 1)
    assert GroupMessage.objects.count() == 2
    call_command("purge_message_logs", stdout=out)
    assert Recipient.objects.count() == 1

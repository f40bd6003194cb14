"""A message whose worker stopped is resumed from the list: the mails not yet queued go out,
nobody gets one twice; only those who may send may resume."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from messaging import engine, services
from messaging.models import GroupMessage
from tests.messaging.conftest import CHANGELIST, organiser
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def stalled(conference, people):
    """A message whose worker stopped after the first batch of two."""
    message, _created = services.start_message(
        conference=conference,
        audience={"status": ["confirmed"]},
        texts={"subject_en": "Buses", "body_en": "The buses leave at 8."},
        key="0b9f7f2e-3c4d-4e5f-9a8b-7c6d5e4f3a2b",
    )
    # The worker queued one batch, then stopped (its successor task was lost).
    engine.queue_next_batch(message_id=message.pk, batch_size=2)
    DBTaskResult.objects.all().delete()
    message.refresh_from_db()
    assert (message.state, message.queued_count, len(mail.outbox)) == ("queueing", 2, 2)
    return message


def resume(desk, message, client=None):
    data = {"action": "resume_selected", "_selected_action": [message.pk]}
    return desk.submit(data, client=client, path=CHANGELIST)


def test_resuming_queues_only_the_rest(desk, stalled):
    assert resume(desk, stalled).status_code == 302
    run_tasks()
    stalled.refresh_from_db()
    assert (stalled.state, stalled.queued_count, stalled.recipient_total) == ("done", 5, 5)
    assert [m.to[0] for m in mail.outbox] == [
        "hans@example.org",
        "marie@example.org",
        "lena@example.org",
        "anna@example.org",
        "li@example.org",
    ]
    # A finished message is not resumed again.
    resume(desk, stalled)
    page = desk.client.get(CHANGELIST)
    assert [str(m) for m in page.context["messages"]][-1] == "0 messages resumed."
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_resuming_is_refused_without_the_permission(desk, stalled):
    editor = organiser("editor", "Content editors")
    assert resume(desk, stalled, client=editor).status_code == 403
    run_tasks()
    assert len(mail.outbox) == 2
    assert GroupMessage.objects.get().state == "queueing"

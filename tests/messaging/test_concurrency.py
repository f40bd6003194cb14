"""The same confirmation posted twice at the same instant, on a real PostgreSQL: one
message, one task, one mail per recipient. Skipped on SQLite (see tests/conftest.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from messaging import engine, services
from messaging.models import GroupMessage, Recipient
from tests.conftest import at_once
from tests.messaging.conftest import ADD, compose, confirmation_data
from tests.registration.task_worker import run_db_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_confirmations_at_once_send_one_message(conference, people, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]
    user = get_user_model().objects.create_superuser("organiser", password="x")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    page = clients[0].post(ADD, compose(conference, regions=["europe"]))
    data = confirmation_data(page)

    statuses = at_once([lambda c=client: c.post(ADD, data).status_code for client in clients])

    assert statuses == [302, 302]
    assert (GroupMessage.objects.count(), DBTaskResult.objects.count()) == (1, 1)
    run_db_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hans@example.org",
        "lena@example.org",
        "marie@example.org",
    ]
    assert Recipient.objects.filter(state="queued").count() == 3
    assert GroupMessage.objects.get().state == "done"


def test_two_workers_on_one_message_mail_each_person_once(conference, people, settings):
    message, _created = services.start_message(
        conference=conference,
        audience={"status": ["confirmed"]},
        texts={"subject_en": "Buses", "body_en": "The buses leave at 8."},
        key="6b1c9d0e-2f3a-4b5c-8d7e-9f0a1b2c3d4e",
    )

    results = at_once([lambda: engine.send_all(message_id=message.pk, batch_size=2) for _ in "ab"])

    assert [type(result) for result in results] == [GroupMessage, GroupMessage]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{name}@example.org" for name in ["hans", "marie", "lena", "anna", "li"]
    )
    message.refresh_from_db()
    assert (message.state, message.recipient_total, message.queued_count) == ("done", 5, 5)
    assert Recipient.objects.count() == 5

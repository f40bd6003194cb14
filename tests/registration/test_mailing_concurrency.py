"""The same mailing confirmation posted twice at the same instant, on a real PostgreSQL:
one mailing, one task, one mail per attendee. Skipped on SQLite (see conftest.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from messaging.models import AttendeeMailing
from tests.conftest import at_once
from tests.factories import RegistrationFactory
from tests.registration.conftest import confirmation_data
from tests.registration.task_worker import run_db_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADD = "/admin/messaging/attendeemailing/add/"


def test_two_confirmations_at_once_queue_one_set_of_mails(conference, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]
    people = RegistrationFactory.create_batch(3, conference=conference)
    user = get_user_model().objects.create_superuser("organiser", password="x")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    page = clients[0].post(ADD, {"conference": conference.pk, "about": "conference"})
    data = confirmation_data(page)

    statuses = at_once([lambda c=client: c.post(ADD, data).status_code for client in clients])

    assert statuses == [302, 302]
    assert (AttendeeMailing.objects.count(), DBTaskResult.objects.count()) == (1, 1)
    run_db_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert AttendeeMailing.objects.get().queued_count == 3

"""A worker killed in the middle of a 2,000-recipient mailing, then another started: every
recipient has exactly one mail in the mail queue, and the admin shows the progress while
the mails are queued. Real `manage.py db_worker` processes on a real PostgreSQL (skipped
on SQLite, see tests/conftest.py)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message as MailerMessage

from messaging import services
from messaging.models import GroupMessage, Recipient
from registration.models import Registration
from tests.factories import ConferenceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RECIPIENTS = 2000


def worker_environment():
    database = connection.settings_dict
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "False",
        "SECRET_KEY": settings.SECRET_KEY,
        "VISA_ENCRYPTION_KEYS": ",".join(settings.VISA_ENCRYPTION_KEYS),
        "MAIL_ENCRYPTION_KEYS": ",".join(settings.MAIL_ENCRYPTION_KEYS),
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "SITE_URL": settings.SITE_URL,
        "LOG_LEVEL": "WARNING",
        # The test database has no cache table (the tests use a memory cache); the mail
        # look and the page versions read the cache inside a batch's transaction.
        "CACHE_URL": "locmemcache://worker",
        # Short tasks, so the kill also lands between a task and its successor's start.
        "BULK_MAIL_TASK_SECONDS": "1",
    }


def db_worker(*extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval=0.1", *extra],
        cwd=BASE_DIR,
        env=worker_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def queued(message):
    return Recipient.objects.filter(message=message).exclude(state="pending").count()


def test_a_worker_killed_midway_and_another_started_mail_everyone_exactly_once(admin_client):
    conference = ConferenceFactory(slug="crash-conference")
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                conference=conference,
                attendance_mode="online",
                status=Registration.Status.CONFIRMED,
                given_name=f"Given{n}",
                family_name=f"Family{n}",
                email=f"attendee{n}@example.org",
                institution="University",
                country="RU",
                privacy_consent_at=now,
                email_confirmed_at=now,
            )
            for n in range(RECIPIENTS)
        ],
        batch_size=500,
    )
    message, _created = services.start_message(
        conference=conference,
        audience={"status": ["confirmed"]},
        texts={"subject_en": "Buses", "body_en": "The buses leave at **8**."},
        key=uuid.uuid4(),
    )
    assert message.recipient_total == RECIPIENTS
    page = reverse("admin:messaging_groupmessage_change", args=[message.pk])

    first = db_worker()
    try:
        deadline = time.monotonic() + 300
        while queued(message) < 400:
            assert first.poll() is None, first.stderr.read().decode()
            assert time.monotonic() < deadline, "the first worker queued too little in time"
            time.sleep(0.02)
        # The admin shows how far it got, and reloads itself, while the worker runs.
        html = admin_client.get(page).content.decode()
        assert "Queueing the mails" in html
        assert '<meta http-equiv="refresh" content="5">' in html
        shown = GroupMessage.objects.get(pk=message.pk).queued_count
        assert 400 <= shown < RECIPIENTS
        assert f"of {RECIPIENTS} mails queued" in html
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL
    at_kill = queued(message)
    assert 400 <= at_kill < RECIPIENTS, "killed midway"
    assert MailerMessage.objects.count() == at_kill  # marks and mails committed together

    second = db_worker("--batch")
    try:
        second.wait(timeout=600)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, second.stderr.read().decode()

    message.refresh_from_db()
    assert (message.state, message.queued_count, message.recipient_total) == (
        "done",
        RECIPIENTS,
        RECIPIENTS,
    )
    per_address = Counter(
        address for m in MailerMessage.objects.all() for address in m.to_addresses
    )
    assert len(per_address) == RECIPIENTS
    assert set(per_address.values()) == {1}
    assert set(per_address) == {f"attendee{n}@example.org" for n in range(RECIPIENTS)}
    assert Recipient.objects.filter(message=message, state="queued").count() == RECIPIENTS
    html = admin_client.get(page).content.decode()
    assert f"{RECIPIENTS} of {RECIPIENTS} mails queued" in html

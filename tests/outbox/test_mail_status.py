"""Organisers see whether mail is going out: above the mail queue, when a message last left
and whether a mail worker is running, stopped, or silent (killed, or never started)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from mailer.models import RESULT_SUCCESS, MessageLog
from pytest_django.asserts import assertContains, assertNotContains

from outbox import services
from outbox.models import MailWorker
from tests.factories import team_member

pytestmark = pytest.mark.django_db

QUEUE = "/admin/mailer/message/"


@pytest.fixture
def organiser(client):
    user = get_user_model().objects.create_user(
        username="manager", password="correct horse battery", is_staff=True
    )
    team_member("Registration managers", user=user)
    client.force_login(user)
    return user


def send_one(smtp_peer, to="anna.ivanova@tpu.ru"):
    EmailMessage(subject="Your registration", body="Welcome", to=[to]).send()
    call_command("run_mail_worker", "--once")
    assert smtp_peer.recipients[-1] == to


def test_nothing_has_run_yet():
    status = services.mail_status()
    assert status == services.MailStatus(None, services.WORKER_NEVER, None)


def test_a_round_reports_the_worker_and_the_delivery(smtp_peer):
    before = timezone.now()
    send_one(smtp_peer)

    status = services.mail_status()
    assert status.worker == services.WORKER_RUNNING
    assert before <= status.last_delivered <= timezone.now()
    assert before <= status.since <= timezone.now()
    [worker] = MailWorker.objects.all()
    assert (worker.polled_at >= before, worker.stopped_at) == (True, None)


def test_a_failure_is_not_a_delivery(smtp_peer):
    smtp_peer.refuse.add("gone@example.org")
    EmailMessage(subject="Your registration", body="Welcome", to=["gone@example.org"]).send()
    call_command("run_mail_worker", "--once")

    assert MessageLog.objects.exclude(result=RESULT_SUCCESS).count() == 1
    assert services.mail_status().last_delivered is None


def test_a_worker_not_heard_from_for_a_while_is_silent(settings):
    settings.MAILER_EMPTY_QUEUE_SLEEP = 5
    start = timezone.now() - dt.timedelta(hours=2)
    services.worker_started(name="mail-1:7", now=start)
    services.worker_polled(name="mail-1:7", now=start + dt.timedelta(minutes=1))

    # A minute of silence is allowed (three sleeps, at least a minute)...
    just_now = start + dt.timedelta(minutes=1, seconds=59)
    assert services.mail_status(now=just_now).worker == services.WORKER_RUNNING
    # ...not more.
    status = services.mail_status(now=start + dt.timedelta(minutes=2, seconds=1))
    assert (status.worker, status.since) == (
        services.WORKER_SILENT,
        start + dt.timedelta(minutes=1),
    )


def test_a_worker_that_stopped_as_asked_says_so_until_another_starts():
    start = timezone.now() - dt.timedelta(minutes=10)
    services.worker_started(name="mail-1:7", now=start)
    services.worker_stopped(name="mail-1:7", now=start + dt.timedelta(minutes=1))
    status = services.mail_status()
    assert (status.worker, status.since) == (
        services.WORKER_STOPPED,
        start + dt.timedelta(minutes=1),
    )

    services.worker_started(name="mail-2:7")
    assert services.mail_status().worker == services.WORKER_RUNNING


def test_a_killed_worker_older_than_a_stopped_one_does_not_hide_the_stop():
    start = timezone.now() - dt.timedelta(hours=1)
    services.worker_started(name="killed:1", now=start)
    services.worker_started(name="stopped:2", now=start + dt.timedelta(minutes=5))
    services.worker_stopped(name="stopped:2", now=start + dt.timedelta(minutes=6))

    assert services.mail_status().worker == services.WORKER_STOPPED


def test_workers_not_heard_from_for_a_week_are_forgotten():
    now = timezone.now()
    services.worker_started(name="old:1", now=now - dt.timedelta(days=8))
    services.worker_started(name="recent:1", now=now - dt.timedelta(days=6))

    assert services.forget_old_workers(now=now) == 1
    assert list(MailWorker.objects.values_list("name", flat=True)) == ["recent:1"]


def test_the_queue_page_says_when_mail_last_left_and_that_a_worker_runs(
    smtp_peer, client, organiser
):
    send_one(smtp_peer)

    page = client.get(QUEUE)

    assertContains(page, "Mail last left ")
    assertContains(page, "A mail worker is running: it last checked the queue 0\xa0minutes ago.")
    assertNotContains(page, "No mail worker")


@pytest.mark.parametrize(
    ("prefix", "left", "running"),
    [
        ("/ru", "Последнее письмо ушло ", "Почтовый обработчик работает"),
        ("/zh-hans", "最近一封邮件发出于", "邮件处理程序正在运行：上次检查队列是在"),
    ],
)
def test_the_mail_status_in_russian_and_chinese(
    smtp_peer, client, organiser, prefix, left, running
):
    send_one(smtp_peer)

    page = client.get(prefix + QUEUE)

    assertContains(page, left)
    assertContains(page, running)


def test_the_queue_page_warns_when_no_worker_has_run(client, organiser):
    page = client.get(QUEUE)

    assertContains(page, "No mail has left yet.")
    assertContains(page, "No mail worker has run yet: queued mail is not being sent.")


def test_the_queue_page_warns_when_the_worker_went_silent(client, organiser):
    services.worker_started(name="mail-1:7", now=timezone.now() - dt.timedelta(hours=3))

    page = client.get(QUEUE)

    assertContains(page, "No mail worker has been heard from since ")
    assertContains(page, "(3\xa0hours ago): queued mail is not being sent.")


def test_the_queue_page_says_the_worker_stopped(client, organiser):
    services.worker_started(name="mail-1:7")
    services.worker_stopped(name="mail-1:7")

    page = client.get(QUEUE)

    assertContains(page, "The mail worker stopped at ")
    assertContains(page, "queued mail waits until a worker is started again.")


def test_staff_who_may_not_see_mail_do_not_see_the_status(client):
    editor = get_user_model().objects.create_user(
        username="editor", password="correct horse battery", is_staff=True
    )
    team_member("Content editors", user=editor)
    client.force_login(editor)

    page = client.get(QUEUE)

    assert page.status_code == 403
    assertNotContains(page, "mail worker", status_code=403)


def test_the_status_costs_the_same_queries_however_many_workers_and_logs(
    smtp_peer, client, organiser
):
    send_one(smtp_peer)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(5):
        services.worker_started(name=f"mail-{n}:7")
        send_one(smtp_peer, to=f"person{n}@example.org")
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)

    assert len(many) == len(few)


def test_the_worker_refuses_sqlite_without_immediate_transactions(monkeypatch):
    """On SQLite the database's write lock, taken at BEGIN IMMEDIATE, is what keeps two
    workers from sending one message; without it the worker does not start."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {"transaction_mode": "DEFERRED"})

    with pytest.raises(CommandError, match="needs SQLite's transaction_mode IMMEDIATE"):
        call_command("run_mail_worker", "--once")

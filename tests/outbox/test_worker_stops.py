"""A stopped mail worker never stops the mail: real worker processes (`manage.py
run_mail_worker`), a real SMTP server that is slow where told, and the signals a deploy
sends. SIGTERM lets the message in hand finish and the worker exit; SIGKILL leaves nothing
that stops the next worker (django-mailer's lock file once did: every later worker logged
"lock already in place. quitting." and sent nothing); two workers at once never send one
message twice.

The workers use the test database: on PostgreSQL the test database itself; on SQLite (the
test database lives in memory) a copy in a file, which the test then reads."""

import asyncio
import contextlib
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from mailer.models import Message

from tests.outbox.conftest import Peer, free_port

pytestmark = pytest.mark.django_db(transaction=True)

MANAGE = Path(settings.BASE_DIR) / "manage.py"
TIMEOUT = 30  # seconds: a bound on waits that normally end in one or two


class SlowPeer(Peer):
    """A server that answers DATA only when told, for the recipients in `hold` (as a slow
    server does), and after `pause` seconds for the others. A message counts as received
    when the server answers 250: if the client goes away before, aiosmtpd cancels the
    handler and the message is not received (`dropped` is set)."""

    def __init__(self):
        super().__init__()
        self.hold = set()
        self.pause = 0
        self.holding = threading.Event()
        self.released = threading.Event()
        self.dropped = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        try:
            if self.hold.intersection(envelope.rcpt_tos):
                self.holding.set()
                while not self.released.is_set():
                    await asyncio.sleep(0.01)
            elif self.pause:
                await asyncio.sleep(self.pause)
        except asyncio.CancelledError:
            self.dropped.set()
            raise
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp(settings):
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"  # the queue, as in production
    peer = SlowPeer()
    port = free_port()
    controller = Controller(peer, hostname="127.0.0.1", port=port)
    controller.start()
    peer.port = port
    yield peer
    peer.released.set()
    controller.stop()


class WorkerDatabase:
    """The database the worker processes use: on PostgreSQL the test database, read through
    this process's connection; on SQLite a copy of it in a file, read with sqlite3 (Django's
    test case allows no second database)."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "worker.sqlite3"
        self.url = None

    def share(self):
        """Makes what the test queued so far visible to worker processes."""
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
            self.url = (
                f"postgres://{urllib.parse.quote(db['USER'])}{password}@{db['HOST']}:"
                f"{db['PORT']}/{db['NAME']}"
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(self.path)])
            self.url = f"sqlite:///{self.path}"

    def rows(self, sql):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        with contextlib.closing(sqlite3.connect(self.path, timeout=TIMEOUT)) as db:
            return db.execute(sql).fetchall()

    def queued(self):
        """The recipients of the messages still queued."""
        rows = self.rows("SELECT message_data FROM mailer_message")
        return sorted(Message(message_data=data).to_addresses[0] for (data,) in rows)

    def stopped(self):
        """For each worker that reported, oldest first: whether it said it stopped."""
        rows = self.rows("SELECT stopped_at FROM outbox_mailworker ORDER BY started_at")
        return [stopped_at is not None for (stopped_at,) in rows]


@pytest.fixture
def worker_db(tmp_path):
    return WorkerDatabase(tmp_path)


class Workers:
    """Worker processes started as a deployment starts them, in a folder of their own (where
    django-mailer would have left its send_mail.lock)."""

    def __init__(self, tmp_path, smtp, db):
        self.folder = tmp_path / "worker"
        self.folder.mkdir()
        self.smtp = smtp
        self.db = db
        self.started = []
        self.running = []

    def start(self):
        env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(MANAGE.parent),
            "DJANGO_SETTINGS_MODULE": "conference_site.settings",
            "DEBUG": "False",
            "SECRET_KEY": settings.SECRET_KEY,
            "VISA_ENCRYPTION_KEYS": ",".join(settings.VISA_ENCRYPTION_KEYS),
            "MAIL_ENCRYPTION_KEYS": ",".join(settings.MAIL_ENCRYPTION_KEYS),
            "DATABASE_URL": self.db.url,
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "MAILER_EMPTY_QUEUE_SLEEP": "1",
            "LOG_LEVEL": "INFO",
        }
        log = self.folder / f"worker-{len(self.started)}.log"
        with open(log, "wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, str(MANAGE), "run_mail_worker"],
                cwd=self.folder,
                env=env,
                stdout=stderr,
                stderr=subprocess.STDOUT,
            )
        process.log = log
        self.started.append(process)
        self.running.append(process)
        return process

    def stop(self, process, signum=signal.SIGTERM):
        """Sends `signum` and returns the exit code."""
        process.send_signal(signum)
        return self.wait(process)

    def wait(self, process):
        """The exit code of a worker told to stop."""
        self.running.remove(process)
        try:
            return process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the worker did not stop:\n{process.log.read_text()}")

    def wait_until_sent(self):
        """Until the queue is empty (a worker polls every second)."""
        deadline = time.monotonic() + TIMEOUT
        while self.db.queued():
            for process in self.running:
                assert process.poll() is None, process.log.read_text()
            assert time.monotonic() < deadline, f"still queued: {self.db.queued()}"
            time.sleep(0.1)

    def kill_all(self):
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
def workers(tmp_path, slow_smtp, worker_db):
    started = Workers(tmp_path, slow_smtp, worker_db)
    yield started
    started.kill_all()


def queue(*recipients):
    for to in recipients:
        EmailMessage(subject=f"For {to}", body="Your link: https://x.example/s3/", to=[to]).send()


RECIPIENTS = ["first@example.org", "second@example.org", "third@example.org"]


def test_sigterm_finishes_the_message_in_hand_and_the_next_worker_sends_the_rest(
    workers, slow_smtp, worker_db
):
    queue(*RECIPIENTS)
    slow_smtp.hold.add("first@example.org")
    worker_db.share()
    first = workers.start()
    assert slow_smtp.holding.wait(TIMEOUT), first.log.read_text()

    # Asked to stop while the server has not yet answered the first message, which it
    # answers only then.
    first.send_signal(signal.SIGTERM)
    slow_smtp.released.set()
    assert workers.wait(first) == 0

    # The message in hand went out, once; the others wait in the queue.
    assert slow_smtp.recipients == ["first@example.org"]
    assert worker_db.queued() == ["second@example.org", "third@example.org"]
    assert worker_db.stopped() == [True]
    assert "stopped as asked" in first.log.read_text()
    assert not (workers.folder / "send_mail.lock").exists()

    second = workers.start()
    workers.wait_until_sent()
    # Idle between rounds, it stops at once too.
    assert workers.stop(second) == 0

    assert sorted(slow_smtp.recipients) == RECIPIENTS
    assert worker_db.stopped() == [True, True]
    assert "lock already in place" not in second.log.read_text()


def test_sigkill_while_sending_leaves_nothing_that_stops_the_next_worker(
    workers, slow_smtp, worker_db
):
    queue(*RECIPIENTS)
    slow_smtp.hold.add("second@example.org")
    worker_db.share()
    killed = workers.start()
    assert slow_smtp.holding.wait(TIMEOUT), killed.log.read_text()

    assert workers.stop(killed, signal.SIGKILL) == -signal.SIGKILL
    # The server saw the client go away before it accepted the second message.
    assert slow_smtp.dropped.wait(TIMEOUT)
    assert slow_smtp.recipients == ["first@example.org"]
    assert worker_db.queued() == ["second@example.org", "third@example.org"]
    assert worker_db.stopped() == [False]  # it could not say so

    slow_smtp.hold.clear()
    after = workers.start()
    workers.wait_until_sent()
    assert workers.stop(after) == 0

    # Each message delivered exactly once.
    assert sorted(slow_smtp.recipients) == RECIPIENTS
    assert "lock already in place" not in after.log.read_text()


def test_two_workers_at_once_never_send_a_message_twice(workers, slow_smtp, worker_db):
    recipients = [f"person{n}@example.org" for n in range(8)]
    queue(*recipients)
    slow_smtp.pause = 0.25
    worker_db.share()
    pair = [workers.start(), workers.start()]

    workers.wait_until_sent()
    assert [workers.stop(process) for process in pair] == [0, 0]

    assert sorted(slow_smtp.recipients) == recipients
    assert worker_db.stopped() == [True, True]

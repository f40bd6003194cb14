"""The mail worker: sends django-mailer's queue and retries deferred messages.

``manage.py runmailer`` sends the queue but never retries a deferred message (that is
``manage.py retry_deferred``, meant for cron). This loop does both, so one process started
by ``make run`` is enough. Deferred mail (the server was down or answered 4xx) is retried
soon (MAILER_RETRY_FIRST_SECONDS, 30 s), then at doubling intervals while the fault lasts,
at most MAILER_RETRY_MAX_SECONDS (120 s) apart, each message at most
MAILER_EMAIL_MAX_RETRIES times. A message that fails for another reason is set aside at
once (outbox/delivery.py) and never holds back the ones behind it. On start, it seals any
message queued with its body readable (outbox/sealing.py).

Stopping: SIGTERM (a deploy's restart) or SIGINT lets the message in hand finish, then the
worker records that it stopped and exits (outbox/worker.py). A worker killed outright
leaves nothing behind that stops the next one: workers share the queue through the
database's locks alone, never a lock file (MAILER_USE_FILE_LOCK in settings.py). Each
round is reported (outbox.models.MailWorker), so the admin's queue page can say whether
a worker is running and when mail last left.
"""

import logging
import os
import socket
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from mailer import engine
from mailer.models import Message

from outbox import worker
from outbox.delivery import max_retries
from outbox.services import (
    forget_old_workers,
    purge_allowances,
    retry_schedule_delay,
    seal_queue,
    worker_polled,
    worker_started,
    worker_stopped,
)

logger = logging.getLogger(__name__)

PURGE_EVERY = 3600  # seconds between purges of per-address counts nobody added to for a day


class RetrySchedule:
    """When to retry deferred mail: a first retry soon after a fault, then less often
    while it lasts; back to the first delay once nothing waits."""

    def __init__(self):
        self.rounds = 0
        self.next_at = None

    def due(self, now, *, waiting):
        if not waiting:
            self.rounds, self.next_at = 0, None
            return False
        if self.next_at is None:
            self.next_at = now + retry_schedule_delay(round_number=self.rounds)
        return now >= self.next_at

    def retried(self):
        self.rounds += 1
        self.next_at = None


def retryable():
    return Message.objects.deferred().filter(retry_count__lt=max_retries())


def check_queue_locking():
    """Two workers never send one message: django-mailer sends each message inside a
    transaction that locks its row (PostgreSQL: SELECT ... FOR UPDATE NOWAIT; another
    worker skips the row). SQLite has no row locks; there the lock is the database's write
    lock, which the transaction must take at BEGIN (transaction_mode IMMEDIATE, set in
    settings.py), or two workers could both read a message and both send it."""
    if connection.vendor == "sqlite":
        mode = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
        if (mode or "").upper() != "IMMEDIATE":
            raise CommandError(
                "The mail worker needs SQLite's transaction_mode IMMEDIATE "
                "(DATABASES OPTIONS), or two workers could send one message twice."
            )


class Command(BaseCommand):
    help = "Sends queued mail and retries deferred messages, in a loop (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Retry, send, and stop.")

    def handle(self, *args, once=False, **options):
        check_queue_locking()
        name = f"{socket.gethostname()}:{os.getpid()}"
        if once:
            # A round (cron's way of running the worker): reported, never "stopped".
            self.run(once=True, name=name)
            return
        previous = worker.install()
        try:
            worker_started(name=name)
            logger.info("Mail worker %s started", name)
            self.run(name=name)
            worker_stopped(name=name)
            logger.info("Mail worker %s stopped as asked", name)
        finally:
            worker.uninstall(previous)
            connections.close_all()

    def run(self, *, name, once=False):
        schedule = RetrySchedule()
        last_purge = None
        # Mail queued by a version that stored bodies as they were (outbox/sealing.py).
        sealed = seal_queue()
        if sealed:
            logger.info("Sealed %d queued messages", sealed)
        while not worker.stop_asked():
            worker_polled(name=name)
            if once or last_purge is None or time.monotonic() - last_purge >= PURGE_EVERY:
                purge_allowances()
                forget_old_workers()
                last_purge = time.monotonic()
            if once or schedule.due(time.monotonic(), waiting=retryable().exists()):
                retried = Message.objects.retry_deferred()
                if retried:
                    logger.info("Retrying %d deferred messages", retried)
                schedule.retried()
            if Message.objects.non_deferred().exists():
                try:
                    engine.send_all()
                except worker.Stopping:
                    # Asked to stop: the message in hand was finished, the next one left
                    # queued as it was.
                    return
                except Exception:
                    # An unexpected failure must not stop the worker; the message stays
                    # queued and is tried again on the next round.
                    logger.exception("Sending the mail queue failed")
            if once:
                return
            worker.sleep(settings.MAILER_EMPTY_QUEUE_SLEEP)

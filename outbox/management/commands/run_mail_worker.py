"""The mail worker: sends django-mailer's queue and retries deferred messages.

``manage.py runmailer`` sends the queue but never retries a deferred message (that is
``manage.py retry_deferred``, meant for cron). This loop does both, so one process started
by ``make run`` is enough. Deferred mail (the server was down or answered 4xx) is retried
soon (MAILER_RETRY_FIRST_SECONDS, 30 s), then at doubling intervals while the fault lasts,
at most MAILER_RETRY_MAX_SECONDS (120 s) apart, each message at most
MAILER_EMAIL_MAX_RETRIES times. A message that fails for another reason is set aside at
once (outbox/delivery.py) and never holds back the ones behind it. On start, it seals any
message queued with its body readable (outbox/sealing.py).
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from mailer import engine
from mailer.models import Message

from outbox.delivery import max_retries
from outbox.services import purge_allowances, retry_schedule_delay, seal_queue

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


class Command(BaseCommand):
    help = "Sends queued mail and retries deferred messages, in a loop (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Retry, send, and stop.")

    def handle(self, *args, once=False, **options):
        schedule = RetrySchedule()
        last_purge = None
        # Mail queued by a version that stored bodies as they were (outbox/sealing.py).
        sealed = seal_queue()
        if sealed:
            logger.info("Sealed %d queued messages", sealed)
        while True:
            if once or last_purge is None or time.monotonic() - last_purge >= PURGE_EVERY:
                purge_allowances()
                last_purge = time.monotonic()
            if once or schedule.due(time.monotonic(), waiting=retryable().exists()):
                retried = Message.objects.retry_deferred()
                if retried:
                    logger.info("Retrying %d deferred messages", retried)
                schedule.retried()
            if Message.objects.non_deferred().exists():
                try:
                    engine.send_all()
                except Exception:
                    # An unexpected failure must not stop the worker; the message stays
                    # queued and is tried again on the next round.
                    logger.exception("Sending the mail queue failed")
            if once:
                return
            time.sleep(settings.MAILER_EMPTY_QUEUE_SLEEP)

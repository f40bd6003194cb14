"""The mail worker: sends django-mailer's queue and retries deferred messages.

``manage.py runmailer`` sends the queue but never retries a deferred message (that is
``manage.py retry_deferred``, meant for cron). This loop does both, so one process started
by ``make run`` is enough: a message that failed because the mail server was down goes out
once it is back.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from mailer import engine
from mailer.models import Message

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Sends queued mail and retries deferred messages, in a loop (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Retry, send, and stop.")
        parser.add_argument(
            "--retry-every",
            type=int,
            default=getattr(settings, "MAILER_RETRY_SECONDS", 300),
            help="Seconds between retries of deferred messages (default 300).",
        )

    def handle(self, *args, once=False, retry_every=300, **options):
        last_retry = 0.0
        while True:
            now = time.monotonic()
            if once or now - last_retry >= retry_every:
                retried = Message.objects.retry_deferred()
                if retried:
                    logger.info("Retrying %d deferred messages", retried)
                last_retry = now
            if Message.objects.non_deferred().exists():
                try:
                    engine.send_all()
                except Exception:
                    # An unexpected failure must not stop the worker; the message stays
                    # queued and is tried again on the next round.
                    logger.exception("Sending the mail queue failed")
            if once:
                return
            time.sleep(getattr(settings, "MAILER_EMPTY_QUEUE_SLEEP", 5))

"""Business rules of the outgoing mail: per-address caps, the state of a queued message,
retrying messages organisers choose, and whether mail is going out (the workers' reports)."""

import dataclasses
import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    Message,
    MessageLog,
    get_message_id,
)

from outbox.addresses import normalise_address
from outbox.delivery import max_retries
from outbox.models import MailWorker, SendAllowance
from outbox.sealing import SealedEmail, UnreadableMail, seal

QUEUED = "queued"
RETRYING = "retrying"
SET_ASIDE = "set_aside"


def allowance_key(*, kind, address):
    """The row that counts mails of `kind` to `address`: every form of one mailbox
    (normalise_address: case, fullwidth, IDNA, invisible characters) counts as one."""
    address = normalise_address(address, strict=False)
    digest = hashlib.sha256(f"{kind}:{address}".encode()).hexdigest()
    return f"{kind[:30]}:{digest}"


def take_allowance(*, kind, address, limit, period=dt.timedelta(hours=1), now=None, count=1):
    """Counts `count` mails of `kind` to `address` if they fit under `limit` within
    `period`; returns False (and counts nothing) when they do not.

    One row per kind and address, locked while it is read and written, so simultaneous
    requests cannot both take the last place.
    """
    now = now or timezone.now()
    key = allowance_key(kind=kind, address=address)
    with transaction.atomic():
        try:
            with transaction.atomic():
                SendAllowance.objects.get_or_create(key=key)
        except IntegrityError:
            pass  # created by a simultaneous request: lock that one
        allowance = SendAllowance.objects.select_for_update().get(key=key)
        since = now - period
        recent = [stamp for stamp in allowance.sent_at if dt.datetime.fromisoformat(stamp) > since]
        if len(recent) + count > limit:
            return False
        allowance.sent_at = [*recent, *[now.isoformat()] * count]
        allowance.save(update_fields=["sent_at", "updated_at"])
        return True


def purge_allowances(*, older_than=dt.timedelta(days=1), now=None):
    """Forgets counts nobody has added to for a day. Returns how many were deleted."""
    now = now or timezone.now()
    deleted, _ = SendAllowance.objects.filter(updated_at__lt=now - older_than).delete()
    return deleted


def state_of(message):
    if message.priority != PRIORITY_DEFERRED:
        return QUEUED
    if message.retry_count >= max_retries():
        return SET_ASIDE
    return RETRYING


def last_failure(message):
    """The latest failure logged for this queued message (its reason), or None."""
    email = message.email
    message_id = get_message_id(email) if email is not None else None
    if message_id is None:
        return None
    return (
        MessageLog.objects.filter(message_id=message_id, result=RESULT_FAILURE)
        .order_by("-when_attempted", "-pk")
        .first()
    )


@transaction.atomic
def retry_messages(*, messages):
    """Puts the given queued messages back in line for the next round, with the retry
    count reset. Returns how many were deferred or set aside before."""
    ids = [message.pk for message in messages]
    return (
        Message.objects.filter(pk__in=ids, priority=PRIORITY_DEFERRED)
        .select_for_update()
        .update(priority=PRIORITY_MEDIUM, retry_count=0)
    )


def retry_schedule_delay(*, round_number):
    """Seconds before the `round_number`-th retry (0-based) of deferred mail in a row:
    MAILER_RETRY_FIRST_SECONDS, doubling, at most MAILER_RETRY_MAX_SECONDS."""
    first = settings.MAILER_RETRY_FIRST_SECONDS
    return min(first * 2**round_number, settings.MAILER_RETRY_MAX_SECONDS)


def seal_queue(*, reseal=False):
    """Seals every queued message stored as it was (queued before sealing existed); with
    `reseal`, also seals the sealed ones again with the first of MAIL_ENCRYPTION_KEYS (after
    a key is added). Returns how many were sealed. Each message is locked while it changes;
    one a worker is sending is left to it. A message no key opens stays as it is."""
    count = 0
    for pk in Message.objects.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            message = Message.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            email = message.email if message is not None else None
            if email is None:
                continue
            if isinstance(email, SealedEmail):
                if not reseal:
                    continue
                try:
                    message.email = email.resealed()
                except UnreadableMail:
                    continue
            else:
                message.email = seal(email)
            message.save(update_fields=["message_data"])
            count += 1
    return count


# --- Whether mail is going out ----------------------------------------------------------
WORKER_RUNNING = "running"
WORKER_STOPPED = "stopped"
WORKER_SILENT = "silent"
WORKER_NEVER = "never"


def worker_started(*, name, now=None):
    """A worker process starts: its row, new or reused (a restarted container may get the
    same host name and process id)."""
    now = now or timezone.now()
    MailWorker.objects.update_or_create(
        name=name, defaults={"started_at": now, "polled_at": now, "stopped_at": None}
    )


def worker_polled(*, name, now=None):
    """The worker looked at the queue (once a round)."""
    now = now or timezone.now()
    if not MailWorker.objects.filter(name=name).update(polled_at=now):
        MailWorker.objects.create(name=name, started_at=now, polled_at=now)


def worker_stopped(*, name, now=None):
    """The worker stopped as asked (SIGTERM or SIGINT), the message in hand finished."""
    now = now or timezone.now()
    MailWorker.objects.filter(name=name).update(polled_at=now, stopped_at=now)


def forget_old_workers(*, older_than=dt.timedelta(days=7), now=None):
    """Forgets workers not heard of for a week. Returns how many were deleted."""
    now = now or timezone.now()
    deleted, _ = MailWorker.objects.filter(polled_at__lt=now - older_than).delete()
    return deleted


def worker_silence_limit():
    """How long a running worker may go without a sign of life: three of its sleeps between
    rounds, at least a minute."""
    return dt.timedelta(seconds=max(60, 3 * settings.MAILER_EMPTY_QUEUE_SLEEP))


@dataclasses.dataclass(frozen=True)
class MailStatus:
    """What the organisers are told about the mail: when a message last left, and whether a
    worker is sending (`worker`: WORKER_RUNNING, _STOPPED, _SILENT or _NEVER, with `since`
    the last sign of life or the moment it stopped)."""

    last_delivered: dt.datetime | None
    worker: str
    since: dt.datetime | None


def mail_status(*, now=None):
    """The MailStatus of this moment, in four queries whatever the number of workers."""
    now = now or timezone.now()
    # The log's newest rows by primary key (indexed), not by time (not indexed).
    delivered = MessageLog.objects.filter(result=RESULT_SUCCESS).order_by("-pk").first()
    attempted = MessageLog.objects.order_by("-pk").first()
    last_delivered = delivered.when_attempted if delivered else None
    # A worker busy with a long round does not look at the queue, but logs each message.
    seen = MailWorker.objects.filter(stopped_at=None).aggregate(seen=Max("polled_at"))["seen"]
    if seen is not None and attempted is not None:
        seen = max(seen, attempted.when_attempted)
    if seen is not None and seen >= now - worker_silence_limit():
        return MailStatus(last_delivered, WORKER_RUNNING, seen)
    stopped = MailWorker.objects.aggregate(stopped=Max("stopped_at"))["stopped"]
    if stopped is not None and (seen is None or stopped >= seen):
        return MailStatus(last_delivered, WORKER_STOPPED, stopped)
    if seen is not None:
        return MailStatus(last_delivered, WORKER_SILENT, seen)
    return MailStatus(last_delivered, WORKER_NEVER, None)

"""Business rules of the outgoing mail: per-address caps, the state of a queued message,
and retrying messages organisers choose."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    Message,
    MessageLog,
    get_message_id,
)

from outbox.addresses import normalise_address
from outbox.delivery import max_retries
from outbox.models import SendAllowance

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

"""The one way mail goes to many people.

Every mailing (messaging.models.GroupMessage) has a kind, a conference and a set of
recipients frozen when it is confirmed: `start` writes one send-log row per registration,
in the transaction that records the mailing, so someone who registers a minute later gets
nothing, and enqueues the task (messaging/tasks.py) in that same transaction.

The task (`run`) does one batch at a time, in two steps:

1. with the mailing's row locked, it enqueues its own successor first and commits: a
   worker killed at any later moment leaves a task that another worker picks up;
2. with the mailing's row locked again, it takes the next pending recipients, builds
   their mails, hands them to the mail queue and marks the rows queued, all in ONE
   transaction. A worker killed in the middle rolls the whole batch back (no mail is
   queued, no row is marked), so after a restart every recipient gets exactly one mail.

Two workers on one mailing take turns on its lock and each finds only rows still pending.
A recipient whose address the mail queue cannot take, or whose mail cannot be built, is
marked failed with the reason, and the others go on; one erased since is skipped.

A task goes on with further batches for up to BULK_MAIL_TASK_SECONDS, then leaves the rest
to its successor.

Rate limit: at most BULK_MAIL_PER_MINUTE mails of one conference's mailings are queued in
any minute (0: no limit); when the minute's share is used, the successor is enqueued for
the moment a place frees up. The limit is checked before each batch, and a batch is no
larger than what is left of the minute's share (two mailings of one conference running at
the same moment may together pass it by at most one batch).

Each kind says who writes the mails (`content_for`). A writer with `prepare(registrations)`
is given each batch's registrations first, to fetch what their mails need in a few queries
for the whole batch (a programme mailing's join links), so a batch's queries do not grow
with its size (tests/messaging/test_batch_queries.py). All of them go through
registration.emails.compose_message and outbox/composition.py, so every mail carries the
conference's subject prefix, sender, reply-to, signature and why the person gets it.
"""

import datetime as dt
import logging
import secrets
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, Min, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_tasks import task

from messaging.content import MessageContent
from messaging.models import GroupMessage, Recipient
from outbox.addresses import validate_deliverable_address
from outbox.delivery import describe
from registration import notifications
from registration.notifications import queue_at_low_priority

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
RATE_WINDOW = dt.timedelta(minutes=1)


# --- starting -------------------------------------------------------------------------------
def start(
    *,
    conference,
    kind,
    registrations,
    key=None,
    created_by=None,
    audience=None,
    audience_label="",
    texts=None,
):
    """Records a mailing of `kind` to the `registrations` (a queryset) as they are now, and
    enqueues its task after the commit. The same `key` posted again, even at the same
    moment, finds the first mailing instead of making another. Returns (mailing, created)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = GroupMessage.objects.create(
                    kind=kind,
                    conference=conference,
                    audience=audience or {},
                    audience_label=audience_label,
                    created_by=created_by,
                    key=key or uuid.uuid4(),
                    **(texts or {}),
                )
        except IntegrityError:
            existing = GroupMessage.objects.filter(key=key).first() if key else None
            if existing is None:
                raise
            return existing, False
        freeze_recipients(message=message, registrations=registrations)
        enqueue(message)
    return message, True


def freeze_recipients(*, message, registrations):
    """One pending send-log row per registration, written now: the recipients are fixed.
    One INSERT ... SELECT, so the database copies the ids itself (5,000 rows in the
    organiser's request cost milliseconds, not a round of Python objects)."""
    selection = registrations.order_by().values(chosen_id=F("pk")).distinct()
    sql, params = selection.query.sql_with_params()
    table = Recipient._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (message_id, registration_id, state, failure, mail_id) "  # noqa: S608 - names from the model, values as parameters
            f"SELECT %s, chosen.chosen_id, %s, '', '' FROM ({sql}) AS chosen "
            "ORDER BY chosen.chosen_id",
            [message.pk, Recipient.State.PENDING, *params],
        )
    message.recipient_total = Recipient.objects.filter(message=message).count()
    message.log_written = True
    message.save(update_fields=["recipient_total", "log_written"])


def enqueue(message, *, run_after=None):
    """Enqueues the mailing's task in the current transaction: with the database task
    backend the task's row is written, and committed, with whatever the transaction records
    (the mailing, or the batch before it), so neither exists without the other."""
    task = send_mailing if run_after is None else send_mailing.using(run_after=run_after)
    task.enqueue(message_id=message.pk)


def resume(*, message):
    """Enqueues the task again for a mailing a worker did not finish (an error stopped it,
    or its task was lost); it goes on with the recipients still pending. Returns False for
    a mailing that is done."""
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().get(pk=message.pk)
        if message.state == GroupMessage.State.DONE:
            return False
        message.state = GroupMessage.State.WAITING
        message.failure = ""
        message.save(update_fields=["state", "failure"])
        enqueue(message)
    return True


# --- what each kind of mailing says -----------------------------------------------------------
def content_for(message):
    """The writer of a mailing's mails: an object whose `mail_for(registration)` returns the
    mail, or None for someone the mailing no longer concerns."""
    if message.kind == GroupMessage.Kind.MESSAGE:
        return MessageContent(message)
    if message.kind == GroupMessage.Kind.PROGRAMME:
        mailing = message.attendee_mailing
        return notifications.mailing_content(
            conference=message.conference,
            about=mailing.about,
            sessions=list(mailing.sessions.all()),
            note=mailing.note,
        )
    if message.kind == GroupMessage.Kind.MOVED_ONLINE:
        return notifications.MovedOnlineContent()
    raise ValueError(f"Unknown kind of mailing: {message.kind}")


# --- the task -------------------------------------------------------------------------------
def rate_budget(*, conference_id, now):
    """(mails this conference may still queue in the current minute, when the next place
    frees up); (None, None) without a limit."""
    limit = settings.BULK_MAIL_PER_MINUTE
    if not limit:
        return None, None
    recent = Recipient.objects.filter(
        message__conference_id=conference_id, queued_at__gt=now - RATE_WINDOW
    )
    used = recent.count()
    if used < limit:
        return limit - used, None
    oldest = recent.aggregate(oldest=Min("queued_at"))["oldest"] or now
    return 0, oldest + RATE_WINDOW


def run(*, message_id, batch_size=BATCH_SIZE, now=None, seconds=None):
    """The task's work: its successor first, then batches for up to TASK_SECONDS (or until
    the rate limit or the recipients run out). Returns what happened."""
    seconds = settings.BULK_MAIL_TASK_SECONDS if seconds is None else seconds
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().get(pk=message_id)
        if message.state in (GroupMessage.State.DONE, GroupMessage.State.FAILED):
            return {"state": message.state}
        budget, free_at = rate_budget(
            conference_id=message.conference_id, now=now or timezone.now()
        )
        if budget == 0:
            enqueue(message, run_after=free_at)
            return {"state": message.state, "rate_limited_until": free_at.isoformat()}
        enqueue(message)
    deadline = time.monotonic() + seconds
    try:
        content = content_for(message)
        while True:
            size = batch_size if budget is None else min(batch_size, budget)
            more = queue_next_batch(
                message_id=message_id, batch_size=size, content=content, now=now
            )
            if not more or time.monotonic() >= deadline:
                break
            budget, _free_at = rate_budget(
                conference_id=message.conference_id, now=now or timezone.now()
            )
            if budget == 0:
                break
    except Exception as error:
        logger.exception("Mailing %s stopped", message_id)
        with transaction.atomic():
            failed = GroupMessage.objects.select_for_update().get(pk=message_id)
            failed.state = GroupMessage.State.FAILED
            failed.failure = describe(error)
            failed.finished_at = timezone.now()
            failed.save(update_fields=["state", "failure", "finished_at"])
        raise
    message = GroupMessage.objects.get(pk=message_id)
    return {
        "state": message.state,
        "queued": message.queued_count,
        "recipients": message.recipient_total,
    }


def send_all(*, message_id, batch_size=BATCH_SIZE):
    """Every batch of a mailing at once, in this process (the tests, a shell): what the
    chain of tasks does. The rate limit is not applied. Returns the mailing."""
    while queue_next_batch(message_id=message_id, batch_size=batch_size):
        pass
    return GroupMessage.objects.get(pk=message_id)


def refusal(registration):
    """Why the mail queue cannot take this registration's address, or None."""
    try:
        validate_deliverable_address(registration.email)
    except ValidationError as error:
        return " ".join(str(text) for text in error.messages)
    return None


def queue_next_batch(*, message_id, batch_size=BATCH_SIZE, content=None, now=None):
    """Queues the mails of the next `batch_size` pending recipients and marks them in the
    send log, in one transaction, with the mailing's row locked. Returns whether
    recipients may remain."""
    with transaction.atomic():
        message = (
            GroupMessage.objects.select_for_update().select_related("conference").get(pk=message_id)
        )
        if message.state == GroupMessage.State.DONE:
            return False
        if not message.log_written:  # a message confirmed before recipients were frozen
            from messaging import audience as audiences

            freeze_recipients(
                message=message,
                registrations=audiences.recipients(
                    conference=message.conference, audience=message.audience
                ),
            )
        batch = list(
            message.recipients.filter(state=Recipient.State.PENDING)
            .select_related("registration")
            .order_by("pk")[:batch_size]
        )
        content = content or content_for(message)
        for row in batch:
            if row.registration is not None:
                row.registration.conference = message.conference  # one instance for the batch
        if hasattr(content, "prepare"):
            # What the batch's mails need from the database, fetched for all of them at once.
            content.prepare(
                [
                    row.registration
                    for row in batch
                    if row.registration is not None and row.registration.erased_at is None
                ]
            )
        now = now or timezone.now()
        message.state = GroupMessage.State.QUEUEING
        message.started_at = message.started_at or now
        # Each mail's Message-ID is made from this batch's token and its log row's id, so
        # the rows are marked with one UPDATE (the send log finds the mail in
        # django-mailer's log by it).
        token = secrets.token_hex(8)
        mails, queued, others = [], [], []
        for row in batch:
            registration = row.registration
            if registration is None or registration.erased_at is not None:
                row.state = Recipient.State.SKIPPED
                others.append(row)
                continue
            reason = refusal(registration)
            if reason:
                row.state, row.failure = Recipient.State.FAILED, reason
                message.failed_count += 1
                others.append(row)
                continue
            try:
                mail = content.mail_for(registration)
            except Exception as error:
                logger.exception("Could not build mailing %s for %s", message_id, row.pk)
                row.state, row.failure = Recipient.State.FAILED, describe(error)
                message.failed_count += 1
                others.append(row)
                continue
            if mail is None:
                row.state = Recipient.State.SKIPPED
                others.append(row)
                continue
            mail.extra_headers["Message-ID"] = f"<{token}.{row.pk}@{DNS_NAME}>"
            mails.append(mail)
            queued.append(row.pk)
        queue_at_low_priority(mails)
        Recipient.objects.filter(pk__in=queued).update(
            state=Recipient.State.QUEUED,
            queued_at=now,
            mail_id=Concat(
                Value(f"<{token}."),
                Cast("pk", output_field=CharField()),
                Value(f"@{DNS_NAME}>"),
                output_field=CharField(),
            ),
        )
        if others:
            Recipient.objects.bulk_update(others, ["state", "failure"])
        message.queued_count += len(mails)
        more = message.recipients.filter(state=Recipient.State.PENDING).exists()
        if not more:
            message.state = GroupMessage.State.DONE
            message.finished_at = now
        message.save(
            update_fields=["state", "started_at", "queued_count", "failed_count", "finished_at"]
        )
        return more


# The tasks live beside the work they run (messaging/tasks.py names them for the worker).
@task()
def send_mailing(*, message_id):
    """Queues the next batches of one mailing's mails; it enqueues its successor itself
    until every recipient has been handled."""
    return run(message_id=message_id)


@task()
def send_group_message(*, message_id):
    """The task's name before the engine: a task enqueued under it still runs."""
    return run(message_id=message_id)


def tell_moved_online(sender, *, conference, registrations, **kwargs):
    """The receiver of registration's ``conference_moved_online``: one moved-online mailing
    to those registrations, in the sender's transaction."""
    start(conference=conference, kind=GroupMessage.Kind.MOVED_ONLINE, registrations=registrations)

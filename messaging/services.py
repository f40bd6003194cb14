"""Messages organisers write to any group of registrations.

The admin (messaging/admin.py) shows the count and a preview for one real recipient; the
organiser confirms; `start_message` records the message and, after the commit, enqueues
the task (``send_group_message`` below), which calls `queue_message` in a worker: it writes the send
log (one row per recipient) and then hands the mails to the mail queue in batches, each
batch one transaction that moves the message's progress on. Each mail is written in its
recipient's language (registration.emails.compose_message), with the text in that language
or, where the organiser left it empty, in English.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task
from mailer.engine import ensure_message_id
from mailer.models import get_message_id
from modeltranslation.utils import build_localized_fieldname

from audit import services as audit
from audit.services import record_destruction
from messaging import audience as audiences
from messaging.models import GroupMessage, Recipient
from messaging.rendering import body_html
from outbox.delivery import describe
from registration.emails import compose_message
from registration.notifications import queue_at_low_priority

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
LOG_CHUNK = 1000
TEMPLATE = "emails/messaging/message"


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def text_fields(code):
    """The model's (subject, body) field names for a language: subject_zh_hans, body_zh_hans."""
    return build_localized_fieldname("subject", code), build_localized_fieldname("body", code)


@dataclass
class MessageContent:
    """What every mail of a message says, rendered once per language; `mail_for` adds one
    person's greeting and links."""

    message: GroupMessage
    rendered: dict = field(default_factory=dict)  # language -> (subject, text, html)

    def texts(self, language):
        if language not in self.rendered:
            with translation.override(language):  # modeltranslation's fallback to English
                subject, body = self.message.subject, self.message.body
            self.rendered[language] = (subject, body, body_html(body))
        return self.rendered[language]

    def mail_for(self, registration):
        subject, text, html = self.texts(registration.mail_language)
        mail = compose_message(
            registration,
            TEMPLATE,
            {
                "message_subject": subject,
                "message_text": text,
                "message_html": html,
                "attendee_parts": [],
            },
        )
        ensure_message_id(mail)  # the send log finds the mail in django-mailer's log by it
        return mail


def draft(*, conference, texts):
    """An unsaved message with the texts a form gave ({"subject_en": ..., "body_ru": ...})."""
    return GroupMessage(conference=conference, **texts)


@dataclass(frozen=True)
class Preview:
    recipients: int
    registration: object  # the registration the preview is for, or None
    mail: object  # the EmailMultiAlternatives they get, or None
    html: str  # the HTML of the message body in their language, sanitised
    choices: list  # registrations the organiser may preview for instead


PREVIEW_CHOICES = 50


def preview(*, conference, audience, texts, registration_id=None):
    """How many registrations the message reaches and the mail one of them gets: the one
    asked for if it is among them, else the first."""
    people = audiences.recipients(conference=conference, audience=audience)
    choices = list(people[:PREVIEW_CHOICES])
    chosen = None
    if registration_id:
        chosen = next((p for p in choices if p.pk == registration_id), None)
        chosen = chosen or people.filter(pk=registration_id).first()
    chosen = chosen or (choices[0] if choices else None)
    if chosen is None:
        return Preview(recipients=0, registration=None, mail=None, html="", choices=[])
    content = MessageContent(draft(conference=conference, texts=texts))
    return Preview(
        recipients=people.count(),
        registration=chosen,
        mail=content.mail_for(chosen),
        html=content.texts(chosen.mail_language)[2],
        choices=choices,
    )


def start_message(*, conference, audience, texts, created_by=None, key):
    """Records a confirmed message and enqueues its task after the commit. `key` comes from
    the confirmation page: the same confirmation posted again, even at the same moment,
    finds the first message instead of making another. Returns (message, created)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = GroupMessage.objects.create(
                    conference=conference,
                    audience=audience,
                    audience_label=audiences.describe(audience),
                    created_by=created_by,
                    key=key,
                    recipient_total=audiences.recipients(
                        conference=conference, audience=audience
                    ).count(),
                    **texts,
                )
        except IntegrityError:
            existing = GroupMessage.objects.filter(key=key).first()
            if existing is None:
                raise
            return existing, False
        message_id = message.pk
        audit.record(
            action=audit.Action.MESSAGE_SEND,
            user=created_by,
            conference=conference,
            subject=message,
            detail=message.audience_label,
            count=message.recipient_total,
        )
        transaction.on_commit(lambda: _enqueue(message_id))
    return message, True


def resume_message(*, message):
    """Enqueues the task again for a message a worker did not finish (it stopped, or an error
    stopped it); it goes on with the recipients not yet queued. Returns False for a message
    that is done."""
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().get(pk=message.pk)
        if message.state == GroupMessage.State.DONE:
            return False
        message.state = GroupMessage.State.WAITING
        message.failure = ""
        message.save(update_fields=["state", "failure"])
        message_id = message.pk
        transaction.on_commit(lambda: _enqueue(message_id))
    return True


def _enqueue(message_id):
    send_group_message.enqueue(message_id=message_id)


def queue_message(*, message_id, batch_size=BATCH_SIZE):
    """Writes the send log, then builds and queues the mails batch by batch (run by the
    task). Run again after a stop, it goes on with the recipients not yet queued."""
    message = GroupMessage.objects.get(pk=message_id)
    if message.state == GroupMessage.State.DONE:
        return message
    try:
        write_send_log(message_id=message_id)
        content = MessageContent(GroupMessage.objects.get(pk=message_id))
        while queue_next_batch(message_id=message_id, content=content, batch_size=batch_size):
            pass
    except Exception as error:
        logger.exception("Message %s to attendees stopped", message_id)
        with transaction.atomic():
            failed = GroupMessage.objects.select_for_update().get(pk=message_id)
            failed.state = GroupMessage.State.FAILED
            failed.failure = describe(error)
            failed.finished_at = timezone.now()
            failed.save(update_fields=["state", "failure", "finished_at"])
        raise
    return GroupMessage.objects.get(pk=message_id)


def write_send_log(*, message_id):
    """One pending row per recipient the audience selects now, in one transaction."""
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().get(pk=message_id)
        if message.log_written:
            return
        people = audiences.recipients(conference=message.conference, audience=message.audience)
        ids = list(people.values_list("pk", flat=True))
        for start in range(0, len(ids), LOG_CHUNK):
            Recipient.objects.bulk_create(
                [
                    Recipient(message=message, registration_id=pk)
                    for pk in ids[start : start + LOG_CHUNK]
                ]
            )
        message.recipient_total = message.recipients.count()
        message.log_written = True
        message.save(update_fields=["recipient_total", "log_written"])


def queue_next_batch(*, message_id, content, batch_size=BATCH_SIZE):
    """Queues the mails of the next `batch_size` pending recipients and records them in the
    send log, in one transaction (the message row locked, so two workers never mail the same
    people). A recipient erased since is skipped; a mail that cannot be built is logged as
    failed with the reason and the others go on. Returns whether recipients may remain."""
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().get(pk=message_id)
        if message.state == GroupMessage.State.DONE:
            return False
        batch = list(
            message.recipients.filter(state=Recipient.State.PENDING)
            .select_related("registration__conference")
            .order_by("pk")[:batch_size]
        )
        now = timezone.now()
        message.state = GroupMessage.State.QUEUEING
        message.started_at = message.started_at or now
        mails = []
        for row in batch:
            registration = row.registration
            if registration is None or registration.erased_at is not None:
                row.state = Recipient.State.SKIPPED
                continue
            try:
                mail = content.mail_for(registration)
            except Exception as error:
                logger.exception("Could not build message %s for %s", message_id, row.pk)
                row.state, row.failure = Recipient.State.FAILED, describe(error)
                continue
            row.state, row.mail_id, row.queued_at = (
                Recipient.State.QUEUED,
                get_message_id(mail),
                now,
            )
            mails.append(mail)
        queue_at_low_priority(mails)
        Recipient.objects.bulk_update(batch, ["state", "failure", "mail_id", "queued_at"])
        message.queued_count += len(mails)
        more = len(batch) == batch_size
        if not more:
            message.state = GroupMessage.State.DONE
            message.finished_at = now
        message.save(update_fields=["state", "started_at", "queued_count", "finished_at"])
        return more


def purge_send_logs(*, now=None):
    """Deletes the send log of every message confirmed more than MESSAGE_LOG_RETENTION_DAYS
    ago (the privacy page's period). The message itself, which names nobody, stays.
    Returns how many log rows were deleted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.MESSAGE_LOG_RETENTION_DAYS)
    deleted, _ = Recipient.objects.filter(message__created_at__lt=cutoff).delete()
    record_destruction(
        rule=f"retention: send logs after {settings.MESSAGE_LOG_RETENTION_DAYS} days",
        categories={"send log entries of messages to attendees": deleted},
    )
    return deleted


def delivery_counts(message):
    """{state: count} over a message's send log, as organisers see the states; one query."""
    from django.db.models import Count, Q

    State = Recipient.State
    queued = Q(state=State.QUEUED)
    sent = queued & Q(sent_at__isnull=False)
    failed_in_queue = queued & Q(sent_at__isnull=True, last_failure__isnull=False)
    return (
        Recipient.objects.filter(message=message)
        .with_delivery()
        .aggregate(
            **{
                State.PENDING: Count("pk", filter=Q(state=State.PENDING)),
                State.QUEUED: Count(
                    "pk", filter=queued & Q(sent_at__isnull=True, last_failure__isnull=True)
                ),
                State.SENT: Count("pk", filter=sent),
                State.FAILED: Count("pk", filter=Q(state=State.FAILED) | failed_in_queue),
                State.SKIPPED: Count("pk", filter=Q(state=State.SKIPPED)),
            }
        )
    )


@task()
def send_group_message(*, message_id):
    """The task (run by `manage.py db_worker`): writes the send log of one message and queues
    its mails, in batches."""
    message = queue_message(message_id=message_id)
    return {"queued": message.queued_count, "recipients": message.recipient_total}

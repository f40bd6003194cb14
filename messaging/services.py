"""Messages organisers write to any group of registrations.

The admin (messaging/admin.py) shows the count and a preview for one real recipient; the
organiser confirms; `start_message` records the message with its recipients as they are
then and the mail engine (messaging/engine.py) sends it. Each mail is written in its
recipient's language (registration.emails.compose_message), with the text in that language
or, where the organiser left it empty, in English.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from audit import services as audit
from audit.services import record_destruction
from messaging import audience as audiences
from messaging import engine
from messaging.content import MessageContent
from messaging.models import GroupMessage, Recipient

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
LOG_CHUNK = 1000


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def text_fields(code):
    """The model's (subject, body) field names for a language: subject_zh_hans, body_zh_hans."""
    return build_localized_fieldname("subject", code), build_localized_fieldname("body", code)


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
    """Records a confirmed message with its recipients as the audience selects them now
    and enqueues its task. `key` comes from the confirmation page: the same confirmation
    posted again, even at the same moment, finds the first message instead of making
    another. Returns (message, created)."""
    with transaction.atomic():
        message, created = engine.start(
            conference=conference,
            kind=GroupMessage.Kind.MESSAGE,
            registrations=audiences.recipients(conference=conference, audience=audience),
            key=key,
            created_by=created_by,
            audience=audience,
            audience_label=audiences.describe(audience),
            texts=texts,
        )
        if created:
            audit.record(
                action=audit.Action.MESSAGE_SEND,
                user=created_by,
                conference=conference,
                subject=message,
                detail=message.audience_label,
                count=message.recipient_total,
            )
    return message, created


def resume_message(*, message):
    """Sends the rest of a message a worker did not finish (messaging.engine.resume)."""
    return engine.resume(message=message)


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

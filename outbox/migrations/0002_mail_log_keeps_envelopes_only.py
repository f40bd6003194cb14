"""django-mailer's log kept a copy of every sent message, body and secret links included.
Each entry keeps the envelope (from, to, cc, bcc, subject, Message-ID) and loses the body;
an entry that cannot be read loses its copy altogether. Standalone: Django's EmailMessage,
pickle and base64 only (django-mailer stores base64 of a pickle)."""

import base64
import binascii
import pickle

from django.core.mail import EmailMessage
from django.db import migrations


def envelope_only(data):
    try:
        email = pickle.loads(base64.decodebytes(data.encode("ascii")))  # noqa: S301
    except (binascii.Error, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
            ImportError, EOFError, UnicodeError):
        return None
    if not isinstance(email, EmailMessage):
        return None
    message_id = next(
        (value for key, value in email.extra_headers.items() if key.lower() == "message-id"),
        None,
    )
    envelope = EmailMessage(
        subject=email.subject,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        headers={"Message-ID": message_id} if message_id else None,
    )
    return base64.encodebytes(pickle.dumps(envelope)).decode("ascii")


def strip_bodies(apps, schema_editor):
    MessageLog = apps.get_model("mailer", "MessageLog")
    logs = MessageLog.objects.exclude(message_data=None).exclude(message_data="")
    for log in logs.only("pk", "message_data").iterator():
        MessageLog.objects.filter(pk=log.pk).update(message_data=envelope_only(log.message_data))


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("mailer", "0007_alter_messagelog_message_data"),
    ]

    operations = [migrations.RunPython(strip_bodies, migrations.RunPython.noop)]

"""Mail at rest: what django-mailer's queue keeps of a message.

The queue stores a message as a pickle in the database until the worker delivers it, and
its log keeps a copy after delivery. A message's body holds the recipient's secret links
(manage, confirmation, calendar), so the queue is given a `SealedEmail` instead of the
message: the envelope (from, to, cc, bcc, subject, Message-ID) readable, for the admin's
queue and the send logs, and everything else (body, HTML, attachments, other headers) one
Fernet token. The worker opens the token only to send; after delivery the token is
dropped, so the log keeps the envelope and the result, never the body.

Keys: MAIL_ENCRYPTION_KEYS (by default the visa key ring, VISA_ENCRYPTION_KEYS). Each
entry gives a Fernet key of its own for mail (HKDF-SHA256, salt "outbox.sealing"), never
the key that encrypts passport data. The first entry seals; every entry opens, so a key is
rotated by putting the new one first and dropping the old one once the queue holds nothing
sealed with it (`manage.py reseal_mail_queue` reseals the queue at once).
"""

import base64
import functools
import pickle

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.mail import EmailMessage
from mailer.models import get_message_id

from outbox import worker


class UnreadableMail(Exception):
    """The token cannot be opened with any of MAIL_ENCRYPTION_KEYS."""


@functools.lru_cache(maxsize=16)
def _keyring(keys, salt, info):
    return MultiFernet([Fernet(_derive(key, salt, info)) for key in keys])


def _derive(key, salt, info):
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info)
    return base64.urlsafe_b64encode(kdf.derive(key.encode()))


def keyring_for(*, salt, info):
    """A Fernet key ring of its own for one use (`salt`, `info`), from MAIL_ENCRYPTION_KEYS:
    the first key seals, every key opens. Queued mail and job results (jobs/sealing.py)
    each have theirs, never the key that encrypts passport data."""
    return _keyring(tuple(settings.MAIL_ENCRYPTION_KEYS), salt, info)


def keyring():
    return keyring_for(salt=b"outbox.sealing", info=b"queued mail")


class SealedEmail(EmailMessage):
    """A message as the queue keeps it: the envelope readable, the rest in `sealed` (a
    Fernet token of the original message, or None once delivered)."""

    def __init__(self, original, sealed):
        message_id = get_message_id(original)
        super().__init__(
            subject=original.subject,
            from_email=original.from_email,
            to=original.to,
            cc=original.cc,
            bcc=original.bcc,
            headers={"Message-ID": message_id} if message_id else None,
        )
        self.sealed = sealed

    def opened(self):
        """The original message, with the Message-ID the envelope has by now."""
        if self.sealed is None:
            raise UnreadableMail("the message was delivered and its body not kept")
        try:
            original = pickle.loads(keyring().decrypt(self.sealed.encode()))  # noqa: S301 - our own token, authenticated
        except InvalidToken:
            raise UnreadableMail(
                "the message was sealed with a key that is not in MAIL_ENCRYPTION_KEYS"
            ) from None
        message_id = get_message_id(self)
        if message_id:
            for name in [k for k in original.extra_headers if k.lower() == "message-id"]:
                del original.extra_headers[name]
            original.extra_headers["Message-ID"] = message_id
        return original

    def send(self, fail_silently=False):
        """Sends the original through this message's connection; once it is delivered the
        body is forgotten, so what is saved of this message afterwards is the envelope.
        A worker asked to stop takes no new message (outbox/worker.py)."""
        worker.before_sending(self.connection)
        original = self.opened()
        original.connection = self.connection
        sent = original.send(fail_silently=fail_silently)
        self.sealed = None
        return sent

    def message(self):
        return self.opened().message()

    def resealed(self):
        """The same message sealed with the first key of MAIL_ENCRYPTION_KEYS."""
        if self.sealed is None:
            return self
        try:
            token = keyring().rotate(self.sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableMail(
                "the message was sealed with a key that is not in MAIL_ENCRYPTION_KEYS"
            ) from None
        envelope = SealedEmail(self, token)
        return envelope


def seal(email):
    """The queue's copy of `email` (a SealedEmail as it is)."""
    if isinstance(email, SealedEmail):
        return email
    connection, email.connection = email.connection, None
    try:
        data = pickle.dumps(email)
    finally:
        email.connection = connection
    return SealedEmail(email, keyring().encrypt(data).decode())

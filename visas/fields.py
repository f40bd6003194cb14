"""The encrypted fields of passport data (django-fernet-encrypted-fields), made to say so
when the configured keys cannot read what is stored.

The library hands back the ciphertext itself when no key fits (a wrong or dropped
VISA_ENCRYPTION_KEYS entry, a SECRET_KEY rotated without SECRET_KEY_FALLBACKS): text fields
then show "gAAAA..." and date fields fail with a ValidationError, a 500 on every page that
loads a request. Here a value read from the database either decrypts or raises
:class:`UnreadableVisaData`, which visas.middleware answers with a plain 503 page; the error
is logged once per process and set of keys, never once per request. Pages that need no
passport data defer these fields (visas.services.ENCRYPTED_FIELDS) and keep working."""

import hashlib
import logging
import threading

from cryptography.fernet import InvalidToken
from django.db import models
from encrypted_fields import fields

logger = logging.getLogger(__name__)

_reported = set()
_reported_lock = threading.Lock()


class UnreadableVisaData(Exception):
    """Stored passport data cannot be decrypted with the configured keys."""

    def __init__(self, fingerprint):
        super().__init__(f"Visa data cannot be decrypted (keys {fingerprint})")
        self.fingerprint = fingerprint


def keys_fingerprint(field):
    """A short one-way name for the keys a field decrypts with, fit for a log line."""
    digest = hashlib.sha256(b"\n".join(field.keys)).hexdigest()
    return digest[:12]


def _report_once(fingerprint):
    with _reported_lock:
        if fingerprint in _reported:
            return
        _reported.add(fingerprint)
    logger.error(
        "Stored visa data cannot be decrypted with the configured keys (fingerprint %s): "
        "check VISA_ENCRYPTION_KEYS and SECRET_KEY_FALLBACKS. Pages showing passport data "
        "answer 503 until the key that encrypted it is configured again.",
        fingerprint,
    )


class _ReadOrRaise:
    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        try:
            plain = self.f.decrypt(value.encode("utf-8")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            fingerprint = keys_fingerprint(self)
            _report_once(fingerprint)
            raise UnreadableVisaData(fingerprint) from None
        # The base field's own conversion (text, date), past the library's decryption.
        return self._plain_field_class.to_python(self, plain)


class EncryptedCharField(_ReadOrRaise, fields.EncryptedCharField):
    _plain_field_class = models.CharField


class EncryptedDateField(_ReadOrRaise, fields.EncryptedDateField):
    _plain_field_class = models.DateField

"""How the mail worker treats a message that fails (django-mailer's MAILER_ERROR_HANDLER).

django-mailer sends the queue oldest first; its own handler re-raises anything it does not
recognise, which stops the round, so one message that can never be sent (a header with a
line break, an address that cannot be encoded) would be tried first, and fail, every round
while everything queued behind it waits. Here no failure stops the round:

- a temporary fault (the server is down, times out, or answers 4xx) defers the message;
  the worker retries deferred mail with a backoff, at most MAILER_EMAIL_MAX_RETRIES times;
- anything else (a 5xx refusal, a message that cannot be built) sets the message aside at
  once: it stays in the queue, deferred and never retried by itself, with its reason in
  the mail log, until an organiser retries it from the admin.

Log entries name the message and the reason, never the body (it holds personal links).
"""

import logging
import smtplib

from django.conf import settings
from mailer.engine import ensure_message_id
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, MessageLog, get_message_id

logger = logging.getLogger(__name__)

# Faults of the connection or the server, not of the message: worth trying again. Every
# smtplib error is an OSError, so the SMTP answers are judged first (is_temporary).
CONNECTION_FAULTS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    OSError,  # refused, reset, timed out, no route, TLS failure
)


def max_retries():
    return getattr(settings, "MAILER_EMAIL_MAX_RETRIES", None) or 0


def is_temporary(exc):
    """True for a fault that may pass: the connection or the server's own setup, or an SMTP
    4xx answer. A 5xx answer to the sender, a recipient or the message is permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return not 500 <= exc.smtp_code < 600
    return isinstance(exc, CONNECTION_FAULTS)


def describe(exc):
    """The reason shown to organisers: the error's class and text, on one line, short."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:1000]


def handle_delivery_exception(connection, message, exc):
    """MAILER_ERROR_HANDLER: defer a temporary fault, set anything else aside; never raise."""
    reason = describe(exc)
    temporary = is_temporary(exc)
    message_id = _stamp_message_id(message)
    message.priority = PRIORITY_DEFERRED
    if not temporary:
        # Never retried by the worker: the retry cap is reached at once.
        message.retry_count = max(message.retry_count, max_retries())
    message.save(update_fields=["priority", "retry_count", "message_data"])
    MessageLog.objects.create(
        message_data=None,
        message_id=message_id,
        when_added=message.when_added,
        priority=message.priority,
        result=RESULT_FAILURE,
        log_message=("" if temporary else "Set aside. ") + reason,
    )
    if temporary:
        logger.warning("Message %s deferred (try %d): %s", message.pk, message.retry_count, reason)
    else:
        logger.error("Message %s set aside: %s", message.pk, reason)
    # A fresh connection for the next message: this one may be broken.
    if connection is not None:
        try:
            connection.close()
        except Exception:
            logger.debug("Closing the failed connection failed too", exc_info=True)
    return None, "deferred"


def _stamp_message_id(message):
    """Gives the stored message its Message-ID, so its log entries can be found again."""
    email = message.email
    if email is None:
        return None
    ensure_message_id(email)
    message.email = email
    return get_message_id(email)

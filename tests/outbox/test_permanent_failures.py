"""A refusal the server means (a 5xx answer at any step) sets the message aside at once
with the server's reason; a 4xx answer or a lost connection defers it for a retry. Through
a real SMTP server: smtplib's errors are all OSErrors, which once made every 5xx look like
a connection fault, retried for six hours."""

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from mailer.models import RESULT_FAILURE, Message, MessageLog

from outbox import services

pytestmark = pytest.mark.django_db


def queue(to, *, from_email=None):
    EmailMessage(subject="Your registration", body="Hello", from_email=from_email, to=[to]).send()


def only_message():
    (message,) = Message.objects.all()
    return message


def reasons():
    return list(
        MessageLog.objects.filter(result=RESULT_FAILURE)
        .order_by("pk")
        .values_list("log_message", flat=True)
    )


def test_a_550_after_the_data_is_set_aside_at_once_with_the_reason(smtp_peer):
    smtp_peer.reject_data.add("strict@example.org")
    queue("strict@example.org")

    call_command("run_mail_worker", "--once")

    message = only_message()
    assert services.state_of(message) == services.SET_ASIDE
    assert reasons() == ["Set aside. SMTPDataError: (550, b'5.7.1 Message content rejected')"]
    assert services.last_failure(message).log_message == reasons()[0]
    # Never tried again by the worker.
    call_command("run_mail_worker", "--once")
    assert reasons() == ["Set aside. SMTPDataError: (550, b'5.7.1 Message content rejected')"]
    assert smtp_peer.received == []


def test_a_sender_the_server_refuses_is_set_aside_at_once(smtp_peer):
    smtp_peer.refuse_sender.add("noreply@example.org")
    queue("anna@example.org", from_email="noreply@example.org")

    call_command("run_mail_worker", "--once")

    assert services.state_of(only_message()) == services.SET_ASIDE
    assert reasons() == [
        "Set aside. SMTPSenderRefused: (553, b'5.7.1 Sender address rejected', "
        "'noreply@example.org')"
    ]


def test_a_refused_recipient_is_set_aside_at_once(smtp_peer):
    smtp_peer.refuse.add("gone@example.org")
    queue("gone@example.org")

    call_command("run_mail_worker", "--once")

    assert services.state_of(only_message()) == services.SET_ASIDE
    assert reasons() == [
        "Set aside. SMTPRecipientsRefused: {'gone@example.org': (550, b'5.1.1 No such user here')}"
    ]


def test_a_451_after_the_data_is_retried_and_delivered_once_it_passes(smtp_peer):
    smtp_peer.delay_data.add("grey@example.org")
    queue("grey@example.org")

    call_command("run_mail_worker", "--once")

    message = only_message()
    assert services.state_of(message) == services.RETRYING
    assert reasons() == ["SMTPDataError: (451, b'4.7.1 Greylisted, try again later')"]
    smtp_peer.delay_data.clear()
    call_command("run_mail_worker", "--once")
    assert smtp_peer.recipients == ["grey@example.org"]
    assert not Message.objects.exists()


def test_a_server_that_is_down_is_retried(smtp_peer, settings):
    settings.EMAIL_PORT = 1  # nothing listens there: connection refused
    queue("anna@example.org")

    call_command("run_mail_worker", "--once")

    message = only_message()
    assert services.state_of(message) == services.RETRYING
    assert reasons() == ["ConnectionRefusedError: [Errno 111] Connection refused"]

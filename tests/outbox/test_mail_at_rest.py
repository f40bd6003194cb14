"""Mail at rest: a queued message's body (the manage, confirmation and calendar links) is
sealed with MAIL_ENCRYPTION_KEYS until the worker delivers it, and after delivery the
queue's log keeps the envelope (to, from, subject, when, result), not the body. Read in a
real dump of the database (pg_dump on PostgreSQL, the SQLite file), with every base64 run
in it decoded: django-mailer stores a message as base64 of a pickle."""

import base64
import binascii
import email
import io
import re

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog

from outbox import services
from registration.models import Registration
from tests.conftest import database_dump as dump_into
from tests.registration.conftest import form_data


def database_dump(folder):
    folder.mkdir()
    return dump_into(folder)


BASE64_RUN = re.compile(rb"[A-Za-z0-9+/=\r\n]{40,}")


def readable(dump):
    """The dump, and each long base64 run in it decoded (at each of the four alignments,
    since a run may begin inside a neighbouring value)."""
    texts = [dump]
    for run in BASE64_RUN.findall(dump.replace(b"\\n", b"\n")):
        compact = re.sub(rb"[\r\n]", b"", run)
        for start in range(4):
            chunk = compact[start:]
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            try:
                texts.append(base64.b64decode(chunk))
            except (binascii.Error, ValueError):
                continue
    return b"\n".join(texts)


def register(client, address):
    response = client.post("/events/bridge-continents/register/", form_data(email=address))
    assert response.status_code == 302
    return Registration.objects.get(email=address)


def link_in(content):
    """The manage link in the plain-text part of a mail as the SMTP server received it."""
    parsed = email.message_from_bytes(content)
    text = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    (link,) = set(re.findall(r"https://\S+/registration/manage/[0-9a-f]+/", body))
    return link


def secrets_of(registration):
    token = registration.manage_token
    return [token.encode(), token[32:].encode()]  # the link, and its HMAC alone


@pytest.mark.django_db(transaction=True)
def test_neither_the_queue_nor_its_log_holds_a_readable_link(
    smtp_peer, client, conference, tmp_path
):
    registration = register(client, "anna.ivanova@tpu.ru")
    assert Message.objects.count() == 1

    queued = readable(database_dump(tmp_path / "queued"))
    assert b"anna.ivanova@tpu.ru" in queued  # the dump is read, the envelope readable
    for secret in secrets_of(registration):
        assert secret not in queued

    call_command("run_mail_worker", "--once")

    (received,) = smtp_peer.received
    assert link_in(received[1]) == (
        f"https://conference.example.org/registration/manage/{registration.manage_token}/"
    )
    assert not Message.objects.exists()
    delivered = readable(database_dump(tmp_path / "delivered"))
    for secret in secrets_of(registration):
        assert secret not in delivered
    (log,) = MessageLog.objects.all()
    assert log.result == RESULT_SUCCESS
    assert (log.to_addresses, log.subject) == (
        ["anna.ivanova@tpu.ru"],
        "[Science and Technology Bridge Continents] Please confirm your email address",
    )
    assert log.email.from_email == "Science and Technology Bridge Continents <noreply@tpu.ru>"
    assert log.email.body == ""


@pytest.mark.django_db(transaction=True)
def test_a_deferred_message_is_retried_with_its_link_intact(
    smtp_peer, client, conference, tmp_path
):
    smtp_peer.busy.add("anna.ivanova@tpu.ru")
    registration = register(client, "anna.ivanova@tpu.ru")

    call_command("run_mail_worker", "--once")

    (message,) = Message.objects.all()
    assert services.state_of(message) == services.RETRYING
    assert MessageLog.objects.get().result == RESULT_FAILURE
    waiting = readable(database_dump(tmp_path / "waiting"))
    for secret in secrets_of(registration):
        assert secret not in waiting

    smtp_peer.busy.clear()
    call_command("run_mail_worker", "--once")

    (received,) = smtp_peer.received
    assert link_in(received[1]) == (
        f"https://conference.example.org/registration/manage/{registration.manage_token}/"
    )
    assert not Message.objects.exists()


SECRET_BODY = "Your personal link: https://conference.example.org/registration/manage/s3cret/"


@pytest.mark.django_db
def test_mail_queued_before_sealing_is_sealed_by_the_worker_and_still_delivered(smtp_peer):
    smtp_peer.busy.add("li.wei@example.cn")
    legacy = Message(
        email=EmailMessage(subject="Hello", body=SECRET_BODY, to=["li.wei@example.cn"])
    )
    legacy.save()
    assert "s3cret" in base64.b64decode(legacy.message_data).decode("utf-8", "replace")

    call_command("run_mail_worker", "--once")

    legacy.refresh_from_db()
    assert "s3cret" not in base64.b64decode(legacy.message_data).decode("utf-8", "replace")
    assert (legacy.to_addresses, legacy.subject) == (["li.wei@example.cn"], "Hello")
    smtp_peer.busy.clear()
    call_command("run_mail_worker", "--once")
    (received,) = smtp_peer.received
    assert SECRET_BODY in received[1].decode()
    assert "s3cret" not in MessageLog.objects.get(result=RESULT_SUCCESS).message_data


@pytest.mark.django_db
def test_a_message_sealed_with_a_key_no_longer_held_is_set_aside_not_lost(smtp_peer, settings):
    EmailMessage(subject="Hello", body=SECRET_BODY, to=["li.wei@example.cn"]).send()
    settings.MAIL_ENCRYPTION_KEYS = ["another-key-altogether"]

    call_command("run_mail_worker", "--once")

    (message,) = Message.objects.all()
    assert services.state_of(message) == services.SET_ASIDE
    assert services.last_failure(message).log_message == (
        "Set aside. UnreadableMail: the message was sealed with a key that is not in "
        "MAIL_ENCRYPTION_KEYS"
    )
    assert smtp_peer.received == []


@pytest.mark.django_db
def test_a_rotated_key_still_opens_mail_sealed_with_the_old_one(smtp_peer, settings):
    old = settings.MAIL_ENCRYPTION_KEYS[0]
    EmailMessage(subject="Hello", body=SECRET_BODY, to=["li.wei@example.cn"]).send()
    settings.MAIL_ENCRYPTION_KEYS = ["new-mail-key", old]

    call_command("run_mail_worker", "--once")

    (received,) = smtp_peer.received
    assert SECRET_BODY in received[1].decode()


@pytest.mark.django_db
def test_the_migration_keeps_only_the_envelope_of_mail_logged_before():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("outbox.migrations.0002_mail_log_keeps_envelopes_only")
    sent = EmailMessage(
        subject="Hello", body=SECRET_BODY, to=["li.wei@example.cn"], headers={"Message-ID": "<1@x>"}
    )
    sent.attach("link.txt", SECRET_BODY, "text/plain")
    logged = Message(email=sent)
    MessageLog.objects.log(logged, RESULT_SUCCESS)
    MessageLog.objects.create(
        message_data="not base64 at all", when_added=logged.when_added, priority=2, result="1"
    )

    migration.strip_bodies(apps, None)

    kept, unreadable = MessageLog.objects.order_by("pk")
    assert "s3cret" not in base64.b64decode(kept.message_data).decode("utf-8", "replace")
    assert (kept.to_addresses, kept.subject, kept.email.body) == (
        ["li.wei@example.cn"],
        "Hello",
        "",
    )
    assert kept.email.extra_headers == {"Message-ID": "<1@x>"}
    assert kept.email.attachments == []
    assert unreadable.message_data is None


@pytest.mark.django_db
def test_resealing_lets_the_old_key_go(smtp_peer, settings):
    old = settings.MAIL_ENCRYPTION_KEYS[0]
    EmailMessage(subject="Hello", body=SECRET_BODY, to=["li.wei@example.cn"]).send()
    before = Message.objects.get().message_data
    settings.MAIL_ENCRYPTION_KEYS = ["new-mail-key", old]

    call_command("reseal_mail_queue", stdout=io.StringIO())

    assert Message.objects.get().message_data != before
    settings.MAIL_ENCRYPTION_KEYS = ["new-mail-key"]
    call_command("run_mail_worker", "--once")
    (received,) = smtp_peer.received
    assert SECRET_BODY in received[1].decode()

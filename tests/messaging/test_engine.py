"""The mail engine (messaging/engine.py): recipients frozen at the confirmation, one log
row per recipient, progress in the admin, the rate limit, each conference's own name in
its mail, and who may see and resume a mailing."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from mailer.models import Message as MailerMessage

from events.services import save_conference
from messaging import engine, services
from messaging.models import GroupMessage, Recipient
from registration.emails import build_message
from tests.factories import ConferenceFactory, RegistrationFactory, team_member
from tests.messaging.conftest import CHANGELIST, compose
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

BUSES = {"subject_en": "Buses", "body_en": "The buses leave at 8."}


def start(conference, *, texts=BUSES, audience=None):
    message, created = services.start_message(
        conference=conference,
        audience=audience or {"status": ["confirmed"]},
        texts=texts,
        key=uuid.uuid4(),
    )
    assert created
    return message


def change_page(message):
    return reverse("admin:messaging_groupmessage_change", args=[message.pk])


# --- the recipients -------------------------------------------------------------------------


def test_someone_who_registers_after_the_confirmation_gets_nothing(desk, conference, people):
    desk.confirm(compose(conference))
    message = GroupMessage.objects.get()
    late = RegistrationFactory(conference=conference, email="late@example.org")
    assert late.status == "confirmed"  # in the group, had they been there in time
    run_tasks()
    assert "late@example.org" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 5
    assert message.recipients.count() == 5
    assert not message.recipients.filter(registration=late).exists()


def test_one_log_row_per_recipient_sent_or_failed_with_the_reason(desk, conference, people):
    refused = RegistrationFactory(
        conference=conference, given_name="Ip", email="ip@[192.0.2.1]", country="DE"
    )
    desk.confirm(compose(conference))
    run_tasks()
    message = GroupMessage.objects.get()
    log = {r.registration_id: r for r in message.recipients.all()}
    assert len(log) == 6
    assert log[refused.pk].state == "failed"
    assert log[refused.pk].failure == (
        "Please use an address with a domain name, not a numeric address."
    )
    assert log[refused.pk].mail_id == ""
    assert sorted(r.state for r in log.values()) == ["failed"] + ["queued"] * 5
    assert "ip@[192.0.2.1]" not in [m.to[0] for m in mail.outbox]
    assert (message.state, message.queued_count, message.failed_count) == ("done", 5, 1)
    html = desk.client.get(change_page(message)).content.decode()
    assert "5 of 6 mails queued, 1 failed" in html
    # The database holds one row per recipient whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(message=message, registration=refused)


# --- progress and resuming ------------------------------------------------------------------


def test_progress_shows_in_the_admin_while_the_mails_are_queued(desk, conference, people):
    message = start(conference)
    engine.queue_next_batch(message_id=message.pk, batch_size=2)
    html = desk.client.get(change_page(message)).content.decode()
    assert "2 of 5 mails queued" in html
    assert "Queueing the mails" in html
    # The page reloads itself (a meta refresh: no script, the CSP forbids inline ones).
    assert '<meta http-equiv="refresh" content="5">' in html
    listing = desk.client.get(CHANGELIST).content.decode()
    assert "2 of 5 mails queued" in listing

    run_tasks()
    html = desk.client.get(change_page(message)).content.decode()
    assert "5 of 5 mails queued" in html
    assert 'http-equiv="refresh"' not in html


def test_a_batch_stopped_midway_queues_nothing_and_marks_nobody(conference, people, settings):
    """The mails and the marks of a batch are one transaction: a worker killed before its
    end leaves neither (the real kill, on PostgreSQL: test_crash.py)."""
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    message = start(conference)
    with pytest.raises(RuntimeError), transaction.atomic():
        engine.queue_next_batch(message_id=message.pk, batch_size=2)
        assert MailerMessage.objects.count() == 2
        raise RuntimeError("the worker was killed")
    assert MailerMessage.objects.count() == 0
    assert message.recipients.filter(state="pending").count() == 5
    run_tasks()
    message.refresh_from_db()
    assert (message.state, message.queued_count) == ("done", 5)
    assert sorted(m.to_addresses[0] for m in MailerMessage.objects.all()) == sorted(
        f"{name}@example.org" for name in ["hans", "marie", "lena", "anna", "li"]
    )


# --- the rate limit -------------------------------------------------------------------------


def test_the_rate_limit_holds_a_conference_to_its_mails_per_minute(conference, people, settings):
    settings.BULK_MAIL_PER_MINUTE = 2
    message = start(conference)
    run_tasks()
    message.refresh_from_db()
    assert (message.state, message.queued_count, len(mail.outbox)) == ("queueing", 2, 2)
    # The next task waits for the minute to pass.
    [waiting] = DBTaskResult.objects.filter(status="READY")
    first_queued = message.recipients.exclude(queued_at=None).earliest("queued_at").queued_at
    assert waiting.run_after == first_queued + dt.timedelta(minutes=1)

    # Another conference's mailing is not held back.
    other = ConferenceFactory(slug="other-conference")
    RegistrationFactory.create_batch(3, conference=other)
    elsewhere = start(other)
    engine.run(message_id=elsewhere.pk)
    elsewhere.refresh_from_db()
    assert elsewhere.queued_count == 2  # its own two a minute

    # Within the minute, nothing more; a minute later, two more; another, the last one.
    engine.run(message_id=message.pk, now=first_queued + dt.timedelta(seconds=59))
    message.refresh_from_db()
    assert message.queued_count == 2
    for minutes, queued in [(1, 4), (2, 5)]:
        later = first_queued + dt.timedelta(minutes=minutes, seconds=1)
        engine.run(message_id=message.pk, now=later)
        message.refresh_from_db()
        assert message.queued_count == queued
    assert message.state == "done"
    assert len(message.recipients.filter(state="queued")) == 5


def test_no_limit_when_the_setting_is_zero(conference, people, settings):
    settings.BULK_MAIL_PER_MINUTE = 0
    message = start(conference)
    assert engine.rate_budget(conference_id=conference.pk, now=timezone.now()) == (None, None)
    run_tasks()
    message.refresh_from_db()
    assert (message.state, message.queued_count) == ("done", 5)


# --- each conference in its own name --------------------------------------------------------


@pytest.fixture
def two_conferences():
    own = ConferenceFactory(
        slug="stbc-2027",
        title="Science and Technology Bridge Continents 2027",
        short_name="STBC 2027",
        mail_sender_name="STBC Office",
        mail_sender_address="office@stbc.example.org",
        mail_reply_to="answers@stbc.example.org",
        contact_email="contact@stbc.example.org",
        mail_signature_en="The STBC 2027 committee\nTomsk, Lenina 30",
        mail_signature_ru="Оргкомитет STBC 2027\nТомск, Ленина 30",
    )
    plain = ConferenceFactory(
        slug="long-title-2022",
        title="International Conference on the Very Long Titles of Conferences 2022",
        contact_email="contact@long.example.org",
    )
    return own, plain


def test_each_conference_speaks_in_its_own_name(two_conferences, settings):
    own, plain = two_conferences
    anna = RegistrationFactory(conference=own, email="anna@example.org", language="ru")
    hans = RegistrationFactory(conference=own, email="hans@example.org", language="en")
    li = RegistrationFactory(conference=plain, email="li@example.org", language="en")
    for conference in two_conferences:
        engine.send_all(message_id=start(conference).pk)
    by_address = {m.to[0]: m for m in mail.outbox}

    to_hans = by_address[hans.email]
    assert to_hans.subject == "[STBC 2027] Buses"
    assert to_hans.from_email == "STBC Office <office@stbc.example.org>"
    assert to_hans.reply_to == ["answers@stbc.example.org"]
    assert "With kind regards,\nThe STBC 2027 committee\nTomsk, Lenina 30\n" in to_hans.body
    assert (
        "You receive this message because you registered for "
        "Science and Technology Bridge Continents 2027" in to_hans.body
    )
    html = to_hans.alternatives[0][0]
    assert "The STBC 2027 committee<br>Tomsk, Lenina 30" in html
    # In the reader's language.
    to_anna = by_address[anna.email]
    assert "Оргкомитет STBC 2027\nТомск, Ленина 30" in to_anna.body

    # No mail fields: the title cut short, the site's sender address, the contact address.
    to_li = by_address[li.email]
    prefix = "International Conference on the Very Lo…"
    assert len(prefix) == 40
    assert to_li.subject == f"[{prefix}] Buses"
    assert to_li.from_email == f"{prefix} <noreply@tpu.ru>"
    assert to_li.reply_to == ["contact@long.example.org"]
    assert f"The organisers of {plain.title}" in to_li.body
    # The header is encoded, never broken (the ellipsis is not ASCII).
    assert to_li.message()["From"].startswith("=?utf-8?")

    # A single mail is composed the same way.
    single = build_message(hans, "registered")
    assert (single.subject, single.from_email, single.reply_to) == (
        "[STBC 2027] You are registered",
        "STBC Office <office@stbc.example.org>",
        ["answers@stbc.example.org"],
    )
    assert "The STBC 2027 committee" in single.body
    assert (
        "You receive this email because this address was used to register for "
        "Science and Technology Bridge Continents 2027." in single.body
    )


def test_a_sender_name_with_special_characters_is_quoted(two_conferences):
    own, _plain = two_conferences
    own.mail_sender_name = 'STBC, "Tomsk" office'
    own.save()
    person = RegistrationFactory(conference=own, email="hans@example.org")
    message = build_message(person, "registered")
    assert message.from_email == '"STBC, \\"Tomsk\\" office" <office@stbc.example.org>'
    assert message.message()["From"] == '"STBC, \\"Tomsk\\" office" <office@stbc.example.org>'


# --- the moved-online notice ----------------------------------------------------------------


def test_moving_online_sends_its_notice_through_the_engine(conference, people):
    conference.status = "moved_online"
    save_conference(conference=conference)
    message = GroupMessage.objects.get(kind="moved_online")
    active = {p.pk for p in people.values() if p.status in ("confirmed", "waiting_list")}
    assert set(message.recipients.values_list("registration_id", flat=True)) == active
    run_tasks()
    message.refresh_from_db()
    assert (message.state, message.queued_count) == ("done", len(active))
    assert len(mail.outbox) == len(active)
    english = {m.subject for m in mail.outbox if m.extra_headers["Content-Language"] == "en"}
    assert english == {"[Science and Technology Bridge Continents] The conference has moved online"}


# --- who may see and resume -----------------------------------------------------------------


def test_another_conference_s_team_neither_sees_nor_resumes_a_mailing(conference, people):
    message = start(conference)
    DBTaskResult.objects.all().delete()  # as if its worker stopped
    other = ConferenceFactory(slug="other-conference")
    user = team_member("registration_manager", other)
    client = Client()
    client.force_login(user)
    page = client.get(change_page(message))
    assert page.status_code == 302  # the admin's answer for an object out of reach
    assert list(client.get(CHANGELIST).context["cl"].result_list) == []
    response = client.post(
        CHANGELIST, {"action": "resume_selected", "_selected_action": [message.pk]}
    )
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 0
    run_tasks()
    assert mail.outbox == []

    own = Client()
    own.force_login(team_member("registration_manager", conference))
    assert own.get(change_page(message)).status_code == 200

"""The engine's queries per batch do not grow with the batch: what its mails need from the
database (join links and passes, the mailing's sessions, the send log's marks, the mail
queue's rows) is fetched and written for the whole batch at once (issue 18: bulk mail no
slower than before the engine)."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from mailer.models import Message as MailerMessage

from attending.models import JoinPass
from messaging import attendee_mailings, engine, services
from messaging.models import AttendeeMailing
from registration.extensions import join_links_for
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "zh-hans"]
MODES = ["online", "in_person"]


@pytest.fixture
def queued_mail(settings):
    """Mail goes to django-mailer's queue (sealed), as in production."""
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    settings.BULK_MAIL_PER_MINUTE = 0


@pytest.fixture
def crowd():
    """A conference three weeks ahead with two hybrid sessions that can be joined online,
    and 36 confirmed attendees, every language and mode in each run of six."""
    starts = timezone.now() + dt.timedelta(days=21)
    conference = ConferenceFactory(
        slug="batch-queries", starts_at=starts, ends_at=starts + dt.timedelta(days=2)
    )
    sessions = [SessionFactory(conference=conference, format="hybrid") for _ in range(2)]
    for session in sessions:
        JoinOptionFactory(session=session)
    for n in range(36):
        RegistrationFactory(
            conference=conference,
            status="confirmed",
            email=f"person{n}@example.org",
            language=LANGUAGES[n % 3],
            attendance_mode=MODES[n % 2],
        )
    return conference, sessions


def warm_up(message_id):
    """A first batch of six, so what a process reads once (the conference's mail look,
    compiled templates) is not counted against the first measured batch."""
    queries_of_batch(message_id, 6)


def queries_of_batch(message_id, size):
    with CaptureQueriesContext(connection) as captured:
        more = engine.queue_next_batch(message_id=message_id, batch_size=size)
    assert more
    return len(captured.captured_queries)


def test_a_programme_mailing_s_batch_costs_the_same_queries_at_6_and_at_18(crowd, queued_mail):
    conference, sessions = crowd
    mailing, _created = attendee_mailings.start_mailing(
        conference=conference,
        about=AttendeeMailing.About.SESSIONS,
        sessions=sessions,
        key=uuid.uuid4(),
    )
    message_id = mailing.message_id
    warm_up(message_id)
    small = queries_of_batch(message_id, 6)
    large = queries_of_batch(message_id, 18)
    assert MailerMessage.objects.count() == 30
    # Every online attendee of the three batches got a join pass, issued in the batch.
    assert JoinPass.objects.filter(registration__conference=conference).count() == 15
    assert small == large, (small, large)


def test_the_passes_issued_for_a_batch_are_the_ones_its_mails_carry(crowd, queued_mail):
    """A pass that exists is used, not doubled; the missing ones are issued (one each)."""
    conference, sessions = crowd
    first = conference.registrations.filter(attendance_mode="online").order_by("pk").first()
    existing = JoinPass.objects.create(registration=first)
    mailing, _created = attendee_mailings.start_mailing(
        conference=conference,
        about=AttendeeMailing.About.SESSIONS,
        sessions=sessions,
        key=uuid.uuid4(),
    )
    engine.send_all(message_id=mailing.message_id, batch_size=7)
    passes = JoinPass.objects.filter(registration__conference=conference, revoked_at=None)
    assert passes.count() == 18  # one per online attendee
    assert passes.get(registration=first) == existing
    mails = {m.to[0]: m for m in (q.email.opened() for q in MailerMessage.objects.all())}
    assert len(mails) == 36
    for registration in conference.registrations.all():
        # The links the batch put in are those one attendee's own page would show.
        with translation.override(registration.mail_language):
            links = join_links_for(registration, absolute=True)
        calendar = mails[registration.email].attachments[0][1]
        calendar = (calendar.decode() if isinstance(calendar, bytes) else calendar).replace(
            "\r\n ", ""
        )
        if registration.attendance_mode == "online":
            assert sorted(links) == sorted(s.pk for s in sessions)
            assert all(link in calendar for link in links.values())
        else:  # hybrid sessions are joined in the hall
            assert links == {}
            assert "/join/" not in calendar


def test_a_group_message_s_batch_costs_the_same_queries_at_6_and_at_18(crowd, queued_mail):
    conference, _sessions = crowd
    message, _created = services.start_message(
        conference=conference,
        audience={"status": ["confirmed"]},
        texts={"subject_en": "Buses", "body_en": "The buses leave at 8."},
        key=uuid.uuid4(),
    )
    warm_up(message.pk)
    small = queries_of_batch(message.pk, 6)
    large = queries_of_batch(message.pk, 18)
    assert MailerMessage.objects.count() == 30
    assert small == large, (small, large)

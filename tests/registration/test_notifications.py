"""When organisers move or cancel sessions or change the conference, every confirmed attendee
gets one email saying what changed, with a small .ics and the link to their personal feed.
The mails are built by a background task (the real database worker runs it here) and go
through the mail queue; the mailing records its progress."""

import datetime as dt
import email
import uuid

import icalendar
import pytest
import vobject
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from mailer.engine import prioritize
from mailer.models import PRIORITY_LOW, PRIORITY_MEDIUM, Message

from attending import joins
from events import programme, services
from events.models import Session
from messaging import attendee_mailings, engine
from messaging.models import AttendeeMailing
from registration import notifications
from registration import services as registration_services
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

UTC = dt.UTC
JOIN = "https://meet.example.org/panel-secret"
SESSIONS = AttendeeMailing.About.SESSIONS
CONFERENCE = AttendeeMailing.About.CONFERENCE


@pytest.fixture
def panel(conference):
    session = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.HYBRID,
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC),  # 14:00 Tomsk
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=UTC),
    )
    JoinOptionFactory(session=session, url=JOIN, for_china=True)
    return session


@pytest.fixture
def attendees(conference):
    online = RegistrationFactory(
        conference=conference, attendance_mode="online", given_name="Li", email="li@example.cn"
    )
    in_person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", given_name="Anna", email="anna@tpu.ru"
    )
    for status in ["pending_email", "waiting_list", "awaiting_approval", "declined", "cancelled"]:
        RegistrationFactory(conference=conference, status=status, email=f"{status}@example.org")
    RegistrationFactory(email="other-conference@example.org")  # confirmed elsewhere
    return online, in_person


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Confirms a mailing as the admin does (the task is enqueued on commit), then lets the
    worker run it."""

    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            mailing, created = attendee_mailings.start_mailing(key=uuid.uuid4(), **kwargs)
        assert created
        run_tasks()
        mailing.refresh_from_db()
        return mailing

    return send


def move(session, hours):
    session.starts_at += dt.timedelta(hours=hours)
    session.ends_at += dt.timedelta(hours=hours)
    return programme.save_session(session=session)


def attachment(message):
    [(filename, content, mimetype)] = message.attachments
    return filename, content if isinstance(content, str) else content.decode(), mimetype


def uids(ics_text):
    return [str(e["uid"]) for e in icalendar.Calendar.from_ical(ics_text).walk("VEVENT")]


def session_event(ics_text, session):
    uid = f"session-{session.calendar_uid}@conference-site.tpu.ru"
    [event] = [
        e for e in icalendar.Calendar.from_ical(ics_text).walk("VEVENT") if str(e["uid"]) == uid
    ]
    [vevent] = [e for e in vobject.readOne(ics_text).vevent_list if e.uid.value == uid]
    assert event.decoded("dtstart").astimezone(UTC) == vevent.dtstart.value.astimezone(UTC)
    return event


def feed_link(registration):
    return (
        f"https://conference.example.org/registration/feed/{registration.feed_token}/calendar.ics"
    )


def join_link(registration, session, prefix=""):
    token = joins.pass_for(registration).token
    return f"https://conference.example.org{prefix}/join/{session.pk}/{token}/"


def test_moved_session_mail_to_every_confirmed_attendee(conference, panel, attendees, send):
    online, in_person = attendees
    move(panel, 2)  # 16:00-17:30 Tomsk
    mailing = send(conference=conference, about=SESSIONS, sessions=[panel])
    assert (mailing.state, mailing.queued_count, mailing.recipient_total) == ("done", 2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]
    message = next(m for m in mail.outbox if m.to == ["li@example.cn"])
    assert message.subject == "[Science and Technology Bridge Continents] New time for Open Science"
    assert message.body.startswith("Dear Li,\n")
    assert "- Open Science: now Sun 17 May 2099, 16:00–17:30 UTC+7 (Asia/Tomsk)" in message.body
    assert "Beijing 17:00 UTC+8, Moscow 12:00 UTC+3, Brussels 11:00 UTC+2" in message.body
    assert (
        "https://conference.example.org/events/bridge-continents/programme/open-science/"
        in message.body
    )
    assert (
        "Your personal calendar feed always has the whole programme; subscribe to it to keep "
        f"every session up to date:\n{feed_link(online)}\n"
    ) in message.body
    html = message.alternatives[0][0]
    assert "now Sun 17 May 2099, 16:00–17:30 UTC+7 (Asia/Tomsk)" in html
    assert f'<a href="{feed_link(online)}">' in html

    filename, ics, mimetype = attachment(message)
    assert (filename, mimetype) == (
        "bridge-continents.ics",
        "text/calendar; method=PUBLISH",
    )
    event = session_event(ics, panel)
    assert event.decoded("dtstart").astimezone(UTC) == dt.datetime(2099, 5, 17, 9, 0, tzinfo=UTC)
    assert int(event["sequence"]) == 1
    # The online participant's file carries their personal join link, the in-person one's
    # none (a hybrid session is in their hall); the platform's URL is in neither.
    assert f"Join online: {join_link(online, panel)}\n" in str(event["description"])
    assert "meet.example.org" not in ics
    in_person_message = next(m for m in mail.outbox if m.to == ["anna@tpu.ru"])
    assert "Join online" not in attachment(in_person_message)[1]
    assert "/join/" not in attachment(in_person_message)[1]
    assert "meet.example.org" not in attachment(in_person_message)[1]
    assert "meet.example.org" not in in_person_message.body + message.body
    assert feed_link(in_person) in in_person_message.body


def test_the_mail_carries_the_conference_and_the_changed_sessions_not_the_programme(
    conference, panel, attendees, send
):
    for n in range(20):
        SessionFactory(conference=conference, title=f"Unchanged session {n}")
    move(panel, 1)
    send(conference=conference, about=SESSIONS, sessions=[panel])
    ics = attachment(mail.outbox[0])[1]
    assert uids(ics) == [
        f"conference-{conference.calendar_uid}@conference-site.tpu.ru",
        f"session-{panel.calendar_uid}@conference-site.tpu.ru",
    ]
    send(conference=conference, about=CONFERENCE)
    assert uids(attachment(mail.outbox[-1])[1]) == [
        f"conference-{conference.calendar_uid}@conference-site.tpu.ru"
    ]


def test_cancelled_session_mail(conference, panel, attendees, send):
    programme.cancel_session(session=panel)
    send(conference=conference, about=SESSIONS, sessions=[panel])
    message = mail.outbox[0]
    assert message.subject == "[Science and Technology Bridge Continents] Cancelled: Open Science"
    assert "- Open Science: CANCELLED" in message.body
    assert (
        "The attached calendar file updates the conference and these sessions in your calendar."
        in message.body
    )
    event = session_event(attachment(message)[1], panel)
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)


def test_several_sessions_in_one_mail(conference, panel, attendees, send):
    other = SessionFactory(conference=conference, title="Campus visit")
    programme.cancel_session(session=other)
    move(panel, 1)
    send(
        conference=conference,
        about=SESSIONS,
        sessions=[panel, other],
        note="Coffee is in the atrium.",
    )
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == "[Science and Technology Bridge Continents] Changes to the programme"
    assert "- Campus visit: CANCELLED" in message.body
    assert "- Open Science: now Sun 17 May 2099, 15:00–16:30 UTC+7" in message.body
    assert "A note from the organisers: Coffee is in the atrium." in message.body


def test_a_session_of_another_conference_is_left_out(conference, panel, attendees, send):
    elsewhere = SessionFactory(title="Somewhere else")
    mailing = send(
        conference=conference,
        about=SESSIONS,
        sessions=[panel, elsewhere],
    )
    assert list(mailing.sessions.all()) == [panel]
    assert "Somewhere else" not in mail.outbox[0].body


def test_conference_change_mail(conference, panel, attendees, send):
    conference.starts_at += dt.timedelta(days=7)
    conference.ends_at += dt.timedelta(days=7)
    services.save_conference(conference=conference, reason="The rectors' meeting moved.")
    mailing = send(conference=conference, about=CONFERENCE)
    assert mailing.queued_count == 2
    message = next(m for m in mail.outbox if m.to == ["anna@tpu.ru"])
    assert (
        message.subject
        == "[Science and Technology Bridge Continents] Change to the conference: Scheduled"
    )
    assert (
        "It runs from 23 May 2099, 19:00 to 27 May 2099, 22:00 (Asia/Tomsk time)." in message.body
    )
    assert "Previously planned for 16 May 2099. The rectors' meeting moved." in message.body
    assert "The attached calendar file updates the conference in your calendar." in message.body
    [event] = icalendar.Calendar.from_ical(attachment(message)[1]).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == dt.datetime(2099, 5, 23, 12, 0, tzinfo=UTC)
    assert int(event["sequence"]) == 1


def test_nobody_to_tell(conference, panel):
    RegistrationFactory(conference=conference, status="waiting_list")
    shown = notifications.preview(conference=conference, about=CONFERENCE)
    assert (shown.recipients, shown.message) == (0, None)


def test_the_preview_is_the_first_recipients_mail(conference, panel, attendees):
    online, _in_person = attendees
    shown = notifications.preview(
        conference=conference, about=SESSIONS, sessions=[panel], note="Room 3 instead."
    )
    assert (shown.recipients, shown.registration, shown.message.to) == (2, online, [online.email])
    assert "A note from the organisers: Room 3 instead." in shown.message.body
    assert mail.outbox == []
    assert AttendeeMailing.objects.count() == 0


def test_mails_wait_in_the_queue(conference, panel, attendees, settings, send):
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    move(panel, 1)
    send(conference=conference, about=SESSIONS, sessions=[panel])
    assert mail.outbox == []
    queued = Message.objects.all()
    assert sorted(m.to_addresses[0] for m in queued) == ["anna@tpu.ru", "li@example.cn"]
    parsed = email.message_from_bytes(queued[0].email.message().as_bytes())
    assert [part.get_content_type() for part in parsed.walk() if part.get_filename()] == [
        "text/calendar"
    ]
    # A small calendar, not a copy of the programme: a few kilobytes per stored message.
    assert all(len(m.message_data) < 20_000 for m in queued)


def test_a_mail_someone_waits_for_is_sent_before_the_mailing(send, conference, attendees, settings):
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    send(conference=conference, about=CONFERENCE)
    EmailMessage("Confirm your address", "The link.", to=["newcomer@example.org"]).send()
    assert [m.priority for m in Message.objects.order_by("id")] == [
        PRIORITY_LOW,
        PRIORITY_LOW,
        PRIORITY_MEDIUM,
    ]
    # The order django-mailer's worker sends in.
    assert [m.to_addresses[0] for m in prioritize()] == [
        "newcomer@example.org",
        "li@example.cn",
        "anna@tpu.ru",
    ]


def test_the_task_is_enqueued_with_the_mailing_and_its_recipients(
    conference, panel, attendees, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mailing, _created = attendee_mailings.start_mailing(
            conference=conference, about=CONFERENCE, key=uuid.uuid4()
        )
    # Written in the same transaction (the database task backend), nothing left for after it.
    assert callbacks == []
    assert DBTaskResult.objects.get().status == "READY"
    assert sorted(r.registration.email for r in mailing.message.recipients.all()) == [
        "anna@tpu.ru",
        "li@example.cn",
    ]
    assert mail.outbox == []
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]


def test_nothing_is_sent_when_the_transaction_rolls_back(
    conference, panel, attendees, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        attendee_mailings.start_mailing(conference=conference, about=CONFERENCE, key=uuid.uuid4())
        raise RuntimeError("the organiser's request failed after this")
    run_tasks()
    assert (AttendeeMailing.objects.count(), DBTaskResult.objects.count(), mail.outbox) == (
        0,
        0,
        [],
    )


def test_the_same_key_twice_is_one_mailing(
    conference, attendees, django_capture_on_commit_callbacks
):
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = attendee_mailings.start_mailing(
            conference=conference, about=CONFERENCE, key=key
        )
        again, again_created = attendee_mailings.start_mailing(
            conference=conference, about=CONFERENCE, key=key, note="pressed twice"
        )
    assert (first_created, again_created, again) == (True, False, first)
    assert (AttendeeMailing.objects.count(), DBTaskResult.objects.count()) == (1, 1)
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]


def test_progress_is_recorded_batch_by_batch(conference, django_capture_on_commit_callbacks):
    people = RegistrationFactory.create_batch(5, conference=conference)
    with django_capture_on_commit_callbacks(execute=False):
        mailing, _created = attendee_mailings.start_mailing(
            conference=conference, about=CONFERENCE, key=uuid.uuid4()
        )
    assert (mailing.state, mailing.queued_count, mailing.recipient_total) == ("waiting", 0, 5)

    assert engine.queue_next_batch(message_id=mailing.message_id, batch_size=2)
    mailing.refresh_from_db()
    assert (mailing.state, mailing.queued_count, mailing.recipient_total) == ("queueing", 2, 5)
    assert mailing.message.started_at is not None
    assert [m.to[0] for m in mail.outbox] == [p.email for p in people[:2]]

    # The recipients were fixed at the confirmation: someone confirmed meanwhile is not
    # mailed; someone who cancelled meanwhile is skipped.
    RegistrationFactory(conference=conference, email="late@example.org")
    registration_services.cancel(registration=people[4])
    while engine.queue_next_batch(message_id=mailing.message_id, batch_size=2):
        pass
    mailing.refresh_from_db()
    assert (mailing.state, mailing.queued_count, mailing.recipient_total) == ("done", 4, 5)
    assert mailing.message.finished_at is not None
    assert [m.to[0] for m in mail.outbox] == [p.email for p in people[:4]]
    assert mailing.message.recipients.get(registration=people[4]).state == "skipped"


def test_a_resumed_mailing_mails_nobody_twice(conference, django_capture_on_commit_callbacks):
    """A worker stopped after the first batch; the organisers resume the mailing."""
    people = RegistrationFactory.create_batch(3, conference=conference)
    with django_capture_on_commit_callbacks(execute=False):
        mailing, _created = attendee_mailings.start_mailing(
            conference=conference, about=CONFERENCE, key=uuid.uuid4()
        )
    engine.queue_next_batch(message_id=mailing.message_id, batch_size=2)
    DBTaskResult.objects.all().delete()  # the worker stopped; its task is gone

    with django_capture_on_commit_callbacks(execute=True):
        assert attendee_mailings.resume_mailing(mailing=mailing) is True
    run_tasks()
    mailing.refresh_from_db()
    assert (mailing.state, mailing.queued_count) == ("done", 3)
    assert [m.to[0] for m in mail.outbox] == [p.email for p in people]
    # A finished mailing is not started again.
    with django_capture_on_commit_callbacks(execute=True):
        assert attendee_mailings.resume_mailing(mailing=mailing) is False
    run_tasks()
    assert len(mail.outbox) == 3


def test_a_failure_stops_the_mailing_with_its_reason_and_resuming_finishes_it(
    conference, attendees, settings, send, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "mailer.backend.NoSuchBackend"  # the mail queue is unusable
    mailing = send(conference=conference, about=CONFERENCE)
    assert (mailing.state, mailing.queued_count) == ("failed", 0)
    assert mailing.failure.startswith("ImportError: ")
    # The task failed; its successor found the mailing stopped and ended.
    assert sorted(r.status for r in DBTaskResult.objects.all()) == ["FAILED", "SUCCESSFUL"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        attendee_mailings.resume_mailing(mailing=mailing)
    run_tasks()
    mailing.refresh_from_db()
    assert (mailing.state, mailing.queued_count, mailing.failure) == ("done", 2, "")
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]


def test_each_attendee_s_calendar_carries_their_own_join_link_in_their_language(
    conference, panel, send
):
    online_session = SessionFactory(conference=conference, format=Session.Format.ONLINE)
    JoinOptionFactory(session=online_session, url="https://meet.example.org/online-secret")
    li = RegistrationFactory(conference=conference, attendance_mode="online", email="li@example.cn")
    olga = RegistrationFactory(
        conference=conference, attendance_mode="online", language="ru", email="olga@example.ru"
    )
    anna = RegistrationFactory(
        conference=conference, attendance_mode="in_person", email="anna@tpu.ru"
    )
    joins.revoke(registration=olga)  # only the active link is ever sent
    move(panel, 1)
    send(conference=conference, about=SESSIONS, sessions=[panel, online_session])
    calendars = {m.to[0]: attachment(m)[1] for m in mail.outbox}
    descriptions = {
        to: {
            str(e["url"]): str(e["description"])
            for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")
        }
        for to, ics in calendars.items()
    }

    def described(to, session):
        [text] = [d for url, d in descriptions[to].items() if url.endswith(f"/{session.slug}/")]
        return text

    assert f"Join online: {join_link(li, panel)}\n" in described("li@example.cn", panel)
    assert f"Join online: {join_link(li, online_session)}\n" in described(
        "li@example.cn", online_session
    )
    assert f"{join_link(olga, panel, prefix='/ru')}\n" in described("olga@example.ru", panel)
    # The in-person attendee joins the online-only session online, the hybrid one in the hall.
    assert "/join/" not in described("anna@tpu.ru", panel)
    assert f"{join_link(anna, online_session)}\n" in described("anna@tpu.ru", online_session)
    assert [to for to, ics in calendars.items() if "meet.example.org" in ics] == []

"""When organisers move or cancel sessions or change the conference, every confirmed attendee
gets one email saying what changed, with the updated .ics, through the mail queue."""

import datetime as dt
import email

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from mailer.models import Message

from events import programme, services
from events.models import Session
from registration import notifications
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
JOIN = "https://meet.example.org/panel-secret"


@pytest.fixture
def panel(conference):
    return SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.HYBRID,
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC),  # 14:00 Tomsk
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=UTC),
        join_url=JOIN,
    )


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


def move(session, hours):
    session.starts_at += dt.timedelta(hours=hours)
    session.ends_at += dt.timedelta(hours=hours)
    return programme.save_session(session=session)


def attachment(message):
    [(filename, content, mimetype)] = message.attachments
    return filename, content if isinstance(content, str) else content.decode(), mimetype


def session_event(ics_text, session):
    uid = f"session-{session.calendar_uid}@conference-site.tpu.ru"
    [event] = [
        e for e in icalendar.Calendar.from_ical(ics_text).walk("VEVENT") if str(e["uid"]) == uid
    ]
    [vevent] = [e for e in vobject.readOne(ics_text).vevent_list if e.uid.value == uid]
    assert event.decoded("dtstart").astimezone(UTC) == vevent.dtstart.value.astimezone(UTC)
    return event


def test_moved_session_mail_to_every_confirmed_attendee(
    conference, panel, attendees, django_capture_on_commit_callbacks
):
    move(panel, 2)  # 16:00-17:30 Tomsk
    with django_capture_on_commit_callbacks(execute=True):
        count = notifications.notify_session_changes(conference=conference, sessions=[panel])
    assert count == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]
    message = next(m for m in mail.outbox if m.to == ["li@example.cn"])
    assert message.subject == "[Science and Technology Bridge Continents] New time for Open Science"
    assert message.body.startswith("Dear Li,\n")
    assert "- Open Science: now Sun 17 May 2099, 16:00–17:30 UTC+7 (Asia/Tomsk)" in message.body
    assert "China 17:00 UTC+8, Europe 11:00 UTC+2, Russia 12:00 UTC+3" in message.body
    assert (
        "https://conference.example.org/events/bridge-continents/programme/open-science/"
        in message.body
    )
    assert "/registration/manage/" in message.body
    html = message.alternatives[0][0]
    assert "now Sun 17 May 2099, 16:00–17:30 UTC+7 (Asia/Tomsk)" in html

    filename, ics, mimetype = attachment(message)
    assert (filename, mimetype) == (
        "bridge-continents.ics",
        "text/calendar; method=PUBLISH",
    )
    event = session_event(ics, panel)
    assert event.decoded("dtstart").astimezone(UTC) == dt.datetime(2099, 5, 17, 9, 0, tzinfo=UTC)
    assert int(event["sequence"]) == 1
    # The online participant's file carries the join link; the in-person one's does not.
    assert JOIN in str(event["description"])
    in_person_message = next(m for m in mail.outbox if m.to == ["anna@tpu.ru"])
    assert JOIN not in attachment(in_person_message)[1]
    assert JOIN not in in_person_message.body + message.body


def test_cancelled_session_mail(conference, panel, attendees, django_capture_on_commit_callbacks):
    programme.cancel_session(session=panel)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_session_changes(conference=conference, sessions=[panel])
    message = mail.outbox[0]
    assert message.subject == "[Science and Technology Bridge Continents] Cancelled: Open Science"
    assert "- Open Science: CANCELLED" in message.body
    event = session_event(attachment(message)[1], panel)
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)


def test_several_sessions_in_one_mail(
    conference, panel, attendees, django_capture_on_commit_callbacks
):
    other = SessionFactory(conference=conference, title="Campus visit")
    programme.cancel_session(session=other)
    move(panel, 1)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_session_changes(conference=conference, sessions=[panel, other])
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == "[Science and Technology Bridge Continents] Changes to the programme"
    assert "- Campus visit: CANCELLED" in message.body
    assert "- Open Science: now Sun 17 May 2099, 15:00–16:30 UTC+7" in message.body


def test_conference_change_mail(conference, panel, attendees, django_capture_on_commit_callbacks):
    conference.starts_at += dt.timedelta(days=7)
    conference.ends_at += dt.timedelta(days=7)
    services.save_conference(conference=conference, reason="The rectors' meeting moved.")
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify_conference_change(conference=conference) == 2
    message = next(m for m in mail.outbox if m.to == ["anna@tpu.ru"])
    assert (
        message.subject
        == "[Science and Technology Bridge Continents] Change to the conference: Scheduled"
    )
    assert (
        "It runs from 23 May 2099, 19:00 to 27 May 2099, 22:00 (Asia/Tomsk time)." in message.body
    )
    assert "Previously planned for 16 May 2099. The rectors' meeting moved." in message.body
    ics = attachment(message)[1]
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")
        if str(e["uid"]).startswith("conference-")
    ]
    assert event.decoded("dtstart").astimezone(UTC) == dt.datetime(2099, 5, 23, 12, 0, tzinfo=UTC)
    assert int(event["sequence"]) == 1


def test_nobody_to_tell(conference, panel):
    RegistrationFactory(conference=conference, status="waiting_list")
    assert notifications.notify_session_changes(conference=conference, sessions=[panel]) == 0
    assert notifications.notify_conference_change(conference=conference) == 0


def test_mails_wait_in_the_queue(
    conference, panel, attendees, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    move(panel, 1)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_session_changes(conference=conference, sessions=[panel])
    assert mail.outbox == []
    queued = Message.objects.all()
    assert sorted(m.to_addresses[0] for m in queued) == ["anna@tpu.ru", "li@example.cn"]
    parsed = email.message_from_bytes(queued[0].email.message().as_bytes())
    assert [part.get_content_type() for part in parsed.walk() if part.get_filename()] == [
        "text/calendar"
    ]


def test_nothing_is_sent_when_the_transaction_rolls_back(
    conference, panel, attendees, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify_session_changes(conference=conference, sessions=[panel])
    assert len(callbacks) == 1
    assert mail.outbox == []


# --- the admin actions ----------------------------------------------------------------------


def test_session_admin_action_emails_attendees(
    admin_client, conference, panel, attendees, django_capture_on_commit_callbacks
):
    move(panel, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:events_session_changelist"),
            {"action": "notify_attendees_of_session_changes", "_selected_action": [panel.pk]},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "Queued an email with the updated calendar to 2 confirmed attendees."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]
    assert mail.outbox[0].subject.endswith("New time for Open Science")


def test_conference_admin_action_emails_attendees(
    admin_client, conference, attendees, django_capture_on_commit_callbacks
):
    conference.status = conference.Status.CANCELLED
    conference.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:events_conference_changelist"),
            {
                "action": "notify_attendees_of_conference_change",
                "_selected_action": [conference.pk],
            },
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "Queued an email with the updated calendar to 2 confirmed attendees."
    ]
    message = mail.outbox[0]
    assert (
        message.subject
        == "[Science and Technology Bridge Continents] Change to the conference: Cancelled"
    )
    assert "The conference is cancelled." in message.body
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(attachment(message)[1]).walk("VEVENT")
        if str(e["uid"]).startswith("conference-")
    ]
    assert str(event["status"]) == "CANCELLED"


def test_actions_are_offered_in_the_admin(admin_client, conference, panel):
    html = admin_client.get(reverse("admin:events_session_changelist")).content.decode()
    assert 'value="notify_attendees_of_session_changes"' in html
    html = admin_client.get(reverse("admin:events_conference_changelist")).content.decode()
    assert 'value="notify_attendees_of_conference_change"' in html

"""The personal calendar and manage page carry the programme; join links reach confirmed
online participants only, and appear nowhere public."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.urls import reverse

from events import programme
from events.models import Session
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SECRET = "https://meet.example.org/hybrid-secret"
ONLINE_SECRET = "https://meet.example.org/online-secret"
ROOM_ONLY = "https://meet.example.org/in-person-only"


@pytest.fixture
def sessions(conference):
    hybrid = SessionFactory(
        conference=conference,
        title="Opening",
        slug="opening",
        format=Session.Format.HYBRID,
        starts_at=dt.datetime(2099, 5, 16, 12, 0, tzinfo=UTC),
        ends_at=dt.datetime(2099, 5, 16, 13, 30, tzinfo=UTC),
        join_url=SECRET,
    )
    online = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.ONLINE,
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=UTC),
        join_url=ONLINE_SECRET,
    )
    in_person = SessionFactory(
        conference=conference,
        title="Campus visit",
        slug="campus-visit",
        format=Session.Format.IN_PERSON,
        starts_at=dt.datetime(2099, 5, 18, 7, 0, tzinfo=UTC),
        ends_at=dt.datetime(2099, 5, 18, 9, 0, tzinfo=UTC),
        join_url=ROOM_ONLY,
    )
    return hybrid, online, in_person


def manage_url(registration):
    return reverse("registration:manage", kwargs={"token": registration.manage_token})


def calendar_url(registration):
    return reverse("registration:calendar", kwargs={"token": registration.manage_token})


def events_by_uid(body):
    """{uid: description} through icalendar, checked against vobject, instants in UTC."""
    text = body.decode()
    via_icalendar = {
        str(e["uid"]): (str(e["description"]), e.decoded("dtstart").astimezone(UTC))
        for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
    }
    via_vobject = {
        e.uid.value: (e.description.value, e.dtstart.value.astimezone(UTC))
        for e in vobject.readOne(text).vevent_list
    }
    assert via_icalendar == via_vobject
    return via_icalendar


def session_uid(session):
    return f"session-{session.calendar_uid}@conference-site.tpu.ru"


def test_confirmed_online_participant_gets_join_links_in_the_calendar(client, conference, sessions):
    hybrid, online, in_person = sessions
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    response = client.get(calendar_url(registration))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_by_uid(response.content)
    assert len(events) == 4  # the conference and three sessions
    conference_uid = f"conference-{conference.calendar_uid}@conference-site.tpu.ru"
    assert next(iter(events)) == conference_uid
    assert f"Join online: {SECRET}" in events[session_uid(hybrid)][0]
    assert f"Join online: {ONLINE_SECRET}" in events[session_uid(online)][0]
    assert "meet.example.org" not in events[session_uid(in_person)][0]
    assert events[session_uid(online)][1] == dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("mode", "status"),
    [("in_person", "confirmed"), ("online", "waiting_list"), ("in_person", "awaiting_approval")],
)
def test_no_join_links_for_anyone_else(client, conference, sessions, mode, status):
    registration = RegistrationFactory(conference=conference, attendance_mode=mode, status=status)
    response = client.get(calendar_url(registration))
    assert b"meet.example.org" not in response.content
    assert "meet.example.org" not in client.get(manage_url(registration)).content.decode()
    if status == "confirmed":
        assert len(events_by_uid(response.content)) == 4


def test_manage_page_shows_join_links_to_a_confirmed_online_participant(
    client, conference, sessions
):
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    html = client.get(manage_url(registration)).content.decode()
    assert "Your programme" in html
    assert f'<a href="{SECRET}" rel="noopener noreferrer">Join online</a>' in html
    assert f'<a href="{ONLINE_SECRET}" rel="noopener noreferrer">Join online</a>' in html
    assert ROOM_ONLY not in html
    assert '<time datetime="2099-05-16T19:00:00+07:00">19:00</time>' in html


def test_in_person_participant_sees_the_programme_without_links(client, conference, sessions):
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    html = client.get(manage_url(registration)).content.decode()
    assert "Your programme" in html
    assert "Join links are sent to online participants; you take part in person." in html


def test_cancelled_session_loses_its_join_link(client, conference, sessions):
    hybrid = sessions[0]
    programme.cancel_session(session=hybrid)
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    assert SECRET not in client.get(manage_url(registration)).content.decode()
    events = events_by_uid(client.get(calendar_url(registration)).content)
    assert SECRET not in events[session_uid(hybrid)][0]


def test_join_links_are_nowhere_public(client, conference, sessions):
    RegistrationFactory(conference=conference, attendance_mode="online")
    slug = conference.slug
    public = [
        reverse("events:programme", kwargs={"slug": slug}),
        reverse("events:programme_ics", kwargs={"slug": slug}),
        reverse("events:speakers", kwargs={"slug": slug}),
        reverse("events:programme_regions", kwargs={"slug": slug}),
        reverse("events:conference_detail", kwargs={"slug": slug}),
        reverse("events:conference_calendar", kwargs={"slug": slug}),
    ]
    for session in sessions:
        public.append(session.get_absolute_url())
        public.append(
            reverse("events:session_ics", kwargs={"slug": slug, "session_slug": session.slug})
        )
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"meet.example.org" not in response.content, url


@pytest.mark.parametrize("size", [5, 300])
def test_manage_page_with_the_programme_keeps_its_query_budget(
    client, conference, django_assert_num_queries, size
):
    start = dt.datetime(2099, 5, 16, 12, 0, tzinfo=UTC)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Session {n}",
            slug=f"session-{n}",
            format=Session.Format.ONLINE,
            starts_at=start + dt.timedelta(minutes=20 * n),
            ends_at=start + dt.timedelta(minutes=20 * n + 15),
            join_url=f"https://meet.example.org/s{n}",
        )
        for n in range(size)
    )
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    # Registration, place counts, sessions; and what asking for a seat would do
    # (eligibility; not a member, so nobody needs counting); the sessions to join online,
    # none here with join options (attending/joins.py); the organisers' questions.
    with django_assert_num_queries(6):
        response = client.get(manage_url(registration))
    assert response.content.decode().count(">Join online</a>") == size


def test_recordings_are_for_confirmed_attendees_only(client, conference, sessions):
    in_person = sessions[2]
    in_person.recording_url = "https://video.example.org/campus-visit"
    in_person.save()
    link = '<a href="https://video.example.org/campus-visit" rel="noopener noreferrer">'
    confirmed = RegistrationFactory(conference=conference, attendance_mode="in_person")
    assert link + "Watch the recording</a>" in client.get(manage_url(confirmed)).content.decode()
    waiting = RegistrationFactory(conference=conference, status="waiting_list")
    assert "video.example.org" not in client.get(manage_url(waiting)).content.decode()
    public = client.get(in_person.get_absolute_url()).content.decode()
    assert "video.example.org" not in public


def test_a_deleted_session_stays_in_the_personal_calendar_as_cancelled(
    client, conference, sessions
):
    hybrid, online, in_person = sessions
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    programme.delete_sessions(sessions=[hybrid])
    body = client.get(calendar_url(registration)).content
    entries = {
        str(e["uid"]): (str(e["status"]), int(e["sequence"]))
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if str(e["uid"]).startswith("session-")
    }
    assert entries == {
        session_uid(hybrid): ("CANCELLED", 1),
        session_uid(online): ("CONFIRMED", 0),
        session_uid(in_person): ("CONFIRMED", 0),
    }
    description, starts_at = events_by_uid(body)[session_uid(hybrid)]
    assert starts_at == dt.datetime(2099, 5, 16, 12, 0, tzinfo=UTC)
    assert SECRET not in description

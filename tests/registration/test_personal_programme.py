"""The personal calendar and manage page carry the programme; each session a confirmed
participant may join online carries their personal join link (online participants: online
and hybrid sessions; in-person ones: online-only sessions). The platforms' URLs appear
nowhere, and personal links nowhere public."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.conf import settings
from django.urls import reverse

from attending import joins
from attending.models import JoinOption, SessionJoin
from events import programme
from events.models import Session
from registration import links
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory

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
    )
    JoinOptionFactory(session=hybrid, url=SECRET, for_china=True)
    online = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.ONLINE,
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=UTC),
    )
    JoinOptionFactory(session=online, url=ONLINE_SECRET, for_china=True)
    in_person = SessionFactory(
        conference=conference,
        title="Campus visit",
        slug="campus-visit",
        format=Session.Format.IN_PERSON,
        starts_at=dt.datetime(2099, 5, 18, 7, 0, tzinfo=UTC),
        ends_at=dt.datetime(2099, 5, 18, 9, 0, tzinfo=UTC),
    )
    JoinOptionFactory(session=in_person, url=ROOM_ONLY, for_china=True)
    return hybrid, online, in_person


def personal_link(registration, session, *, absolute=True):
    """The registration's join link for the session: absolute as its calendar and mails
    carry it, the path on its manage page."""
    token = joins.pass_for(registration).token
    path = reverse("attending:join", kwargs={"session_id": session.pk, "token": token})
    return f"{settings.SITE_URL}{path}" if absolute else path


def manage_url(registration):
    return reverse("registration:manage", kwargs={"token": registration.manage_token})


def calendar_url(registration):
    return links.calendar_feed_path(registration)


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


def test_confirmed_online_participant_gets_personal_join_links_in_the_calendar(
    client, conference, sessions
):
    hybrid, online, in_person = sessions
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    response = client.get(calendar_url(registration))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_by_uid(response.content)
    assert len(events) == 4  # the conference and three sessions
    conference_uid = f"conference-{conference.calendar_uid}@conference-site.tpu.ru"
    assert next(iter(events)) == conference_uid
    assert f"Join online: {personal_link(registration, hybrid)}\n" in events[session_uid(hybrid)][0]
    assert f"Join online: {personal_link(registration, online)}\n" in events[session_uid(online)][0]
    assert "Join online" not in events[session_uid(in_person)][0]
    assert b"meet.example.org" not in response.content
    assert events[session_uid(online)][1] == dt.datetime(2099, 5, 17, 7, 0, tzinfo=UTC)


def test_a_confirmed_in_person_participant_gets_links_to_online_only_sessions(
    client, conference, sessions
):
    hybrid, online, in_person = sessions
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    response = client.get(calendar_url(registration))
    events = events_by_uid(response.content)
    assert f"Join online: {personal_link(registration, online)}\n" in events[session_uid(online)][0]
    assert "Join online" not in events[session_uid(hybrid)][0]
    assert "Join online" not in events[session_uid(in_person)][0]
    assert b"meet.example.org" not in response.content
    html = client.get(manage_url(registration)).content.decode()
    assert html.count(">Join online</a>") == 1
    assert (
        f'<a href="{personal_link(registration, online, absolute=False)}" rel="noreferrer">'
        "Join online</a>" in html
    )
    assert "sessions held only online you join with the links below" in html
    assert "meet.example.org" not in html


@pytest.mark.parametrize(
    ("mode", "status"),
    [
        ("online", "waiting_list"),
        ("online", "cancelled"),
        ("in_person", "awaiting_approval"),
    ],
)
def test_no_join_links_for_anyone_not_confirmed(client, conference, sessions, mode, status):
    registration = RegistrationFactory(conference=conference, attendance_mode=mode, status=status)
    response = client.get(calendar_url(registration))
    assert b"meet.example.org" not in response.content
    assert b"/join/" not in response.content
    html = client.get(manage_url(registration)).content.decode()
    assert "meet.example.org" not in html
    assert "/join/" not in html
    assert not registration.join_passes.exists()


def test_manage_page_shows_personal_join_links_to_a_confirmed_online_participant(
    client, conference, sessions
):
    hybrid, online, _in_person = sessions
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    html = client.get(manage_url(registration)).content.decode()
    assert "Your programme" in html
    assert "As an online participant you join online and hybrid sessions" in html
    for session in (hybrid, online):
        link = personal_link(registration, session, absolute=False)
        assert f'<a href="{link}" rel="noreferrer">Join online</a>' in html
    assert html.count(">Join online</a>") == 2
    assert "meet.example.org" not in html
    assert '<time datetime="2099-05-16T19:00:00+07:00">19:00</time>' in html


def test_the_programme_link_leads_through_the_personal_redirect(client, conference):
    """The link the programme shows is the one that records the join and leads on."""
    now = dt.datetime.now(UTC)
    soon = SessionFactory(
        conference=conference,
        format=Session.Format.ONLINE,
        starts_at=now + dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(minutes=65),
    )
    JoinOptionFactory(session=soon, url=SECRET)
    registration = RegistrationFactory(
        conference=conference, attendance_mode="online", country="DE"
    )
    link = personal_link(registration, soon, absolute=False)
    assert f'href="{link}"' in client.get(manage_url(registration)).content.decode()
    response = client.get(link)
    assert (response.status_code, response["Location"]) == (302, SECRET)
    joined = SessionJoin.objects.filter(registration=registration)
    assert list(joined.values_list("session_id", flat=True)) == [soon.pk]


def test_sessions_without_join_options_and_revoked_links_carry_none(client, conference, sessions):
    hybrid, online, _in_person = sessions
    JoinOption.objects.filter(session=hybrid).delete()
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    old = personal_link(registration, online)
    joins.revoke(registration=registration)
    new = personal_link(registration, online)
    assert new != old
    events = events_by_uid(client.get(calendar_url(registration)).content)
    assert "Join online" not in events[session_uid(hybrid)][0]
    assert f"Join online: {new}\n" in events[session_uid(online)][0]
    html = client.get(manage_url(registration)).content.decode()
    assert old.removeprefix(settings.SITE_URL) not in html
    assert f'href="{new.removeprefix(settings.SITE_URL)}"' in html
    assert html.count(">Join online</a>") == 1


def test_in_person_participant_without_online_only_sessions_sees_no_links(
    client, conference, sessions
):
    JoinOption.objects.filter(session=sessions[1]).delete()
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    html = client.get(manage_url(registration)).content.decode()
    assert "Your programme" in html
    assert "Join links are sent to online participants; you take part in person." in html
    assert ">Join online</a>" not in html


def test_cancelled_session_loses_its_join_link(client, conference, sessions):
    hybrid = sessions[0]
    programme.cancel_session(session=hybrid)
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    link = personal_link(registration, hybrid, absolute=False)
    assert link not in client.get(manage_url(registration)).content.decode()
    events = events_by_uid(client.get(calendar_url(registration)).content)
    assert "Join online" not in events[session_uid(hybrid)][0]


def test_a_cancelled_conference_carries_no_join_links(client, conference, sessions):
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    conference.status = "cancelled"
    conference.save()
    body = client.get(calendar_url(registration)).content
    assert b"Join online" not in body
    assert ">Join online</a>" not in client.get(manage_url(registration)).content.decode()


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
        )
        for n in range(size)
    )
    JoinOption.objects.bulk_create(
        JoinOption(
            session=session, platform="zoom", url=f"https://meet.example.org/s{n}", for_other=True
        )
        for n, session in enumerate(Session.objects.filter(conference=conference))
    )
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    joins.pass_for(registration)
    # Registration, place counts, sessions; and what asking for a seat would do
    # (eligibility; not a member, so nobody needs counting); the join panel's sessions,
    # their options and the join pass (attending/joins.py); the programme's join links:
    # the joinable sessions' ids and the pass (registration.extensions.join_links_for);
    # the organisers' questions; the consents of the "Your data" panel (privacy/panel.py).
    with django_assert_num_queries(11):
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
    assert "Join online" not in description

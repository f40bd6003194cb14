"""The programme feed, a session's .ics and an attendee's calendar, parsed back by icalendar
and by vobject (an independent parser), instants compared in UTC."""

import datetime as dt
import uuid

import icalendar
import pytest
import vobject
import vobject.icalendar
from django.urls import reverse
from django.utils.http import http_date

from events import calendar, programme, services
from events.models import Session
from tests.factories import (
    ConferenceFactory,
    JoinOptionFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    utc,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def sessions(conference):
    opening = SessionFactory(
        conference=conference,
        title="Opening: three anniversaries",
        slug="opening",
        kind=Session.Kind.CEREMONY,
        format=Session.Format.HYBRID,
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 16, 13, 30),
        room=RoomFactory(conference=conference, name="Great Hall"),
    )
    JoinOptionFactory(session=opening, url="https://meet.example.org/opening-secret")
    opening.speakers.add(SpeakerFactory(name="Anna Dean", affiliation="TPU"))
    panel = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        kind=Session.Kind.PANEL,
        format=Session.Format.ONLINE,
        starts_at=utc(2022, 5, 17, 7, 0),
        ends_at=utc(2022, 5, 17, 8, 30),
    )
    JoinOptionFactory(session=panel, url="https://meet.example.org/open-science-secret")
    visit = SessionFactory(
        conference=conference,
        title="Campus visit",
        slug="campus-visit",
        kind=Session.Kind.SOCIAL,
        format=Session.Format.IN_PERSON,
        starts_at=utc(2022, 5, 18, 7, 0),
        ends_at=utc(2022, 5, 18, 9, 0),
    )
    JoinOptionFactory(session=visit, url="https://meet.example.org/never-shown")
    return opening, panel, visit


def feed_url(conference):
    return reverse("events:programme_ics", kwargs={"slug": conference.slug})


def parse_both(body):
    """The same file through icalendar and vobject: {uid: (start UTC, end UTC, ...)} each."""
    text = body.decode()
    ical = icalendar.Calendar.from_ical(text)
    via_icalendar = {
        str(event["uid"]): {
            "start": event.decoded("dtstart").astimezone(UTC),
            "end": event.decoded("dtend").astimezone(UTC),
            "sequence": int(event["sequence"]),
            "status": str(event["status"]),
            "summary": str(event["summary"]),
            "description": str(event["description"]),
            "tzid": event["dtstart"].params["TZID"],
        }
        for event in ical.walk("VEVENT")
    }
    vcal = vobject.readOne(text)
    via_vobject = {
        event.uid.value: {
            "start": event.dtstart.value.astimezone(UTC),
            "end": event.dtend.value.astimezone(UTC),
            "sequence": int(event.sequence.value),
            "status": event.status.value,
            "summary": event.summary.value,
            "description": event.description.value,
            "tzid": vobject.icalendar.TimezoneComponent.pickTzid(event.dtstart.value.tzinfo),
        }
        for event in vcal.vevent_list
    }
    return ical, via_icalendar, via_vobject


def test_programme_feed_has_every_session_as_its_own_event(client, conference, sessions):
    opening, panel, visit = sessions
    response = client.get(feed_url(conference))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="bridge-continents-programme.ics"'
    )
    body = response.content
    assert b"\r\nMETHOD:PUBLISH\r\n" in body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    ical, via_icalendar, via_vobject = parse_both(body)
    assert via_icalendar == via_vobject
    uid = f"session-{opening.calendar_uid}@conference-site.tpu.ru"
    assert set(via_icalendar) == {
        uid,
        f"session-{panel.calendar_uid}@conference-site.tpu.ru",
        f"session-{visit.calendar_uid}@conference-site.tpu.ru",
    }
    assert via_icalendar[uid]["start"] == utc(2022, 5, 16, 12, 0)
    assert via_icalendar[uid]["end"] == utc(2022, 5, 16, 13, 30)
    assert via_icalendar[uid]["tzid"] == "Asia/Tomsk"
    assert via_icalendar[uid]["status"] == "CONFIRMED"
    assert via_icalendar[uid]["sequence"] == 0
    assert via_icalendar[uid]["summary"] == "Opening: three anniversaries"
    assert "Speakers: Anna Dean (TPU)" in via_icalendar[uid]["description"]
    assert (
        "https://conference.example.org/events/bridge-continents/programme/opening/"
        in via_icalendar[uid]["description"]
    )
    assert [tz["tzid"] for tz in ical.walk("VTIMEZONE")] == ["Asia/Tomsk"]
    event = next(e for e in ical.walk("VEVENT") if str(e["uid"]) == uid)
    assert event["location"] == "Great Hall, Tomsk Polytechnic University, Tomsk, Russia and online"
    assert event.decoded("dtstamp").tzinfo is not None
    assert str(ical["method"]) == "PUBLISH"


def test_join_links_never_appear_in_public_files(client, conference, sessions):
    opening = sessions[0]
    bodies = [
        client.get(feed_url(conference)).content,
        client.get(
            reverse(
                "events:session_ics", kwargs={"slug": conference.slug, "session_slug": opening.slug}
            )
        ).content,
        client.get(reverse("events:programme", kwargs={"slug": conference.slug})).content,
        client.get(opening.get_absolute_url()).content,
    ]
    for body in bodies:
        assert b"meet.example.org" not in body


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(client, conference, sessions):
    opening = sessions[0]
    uid = f"session-{opening.calendar_uid}@conference-site.tpu.ru"
    _, before, _ = parse_both(client.get(feed_url(conference)).content)
    opening.starts_at = utc(2022, 5, 16, 12, 30)
    opening.ends_at = utc(2022, 5, 16, 14, 0)
    programme.save_session(session=opening)
    _, after, via_vobject = parse_both(client.get(feed_url(conference)).content)
    assert set(after) == set(before)
    assert (after[uid]["sequence"], after[uid]["start"]) == (1, utc(2022, 5, 16, 12, 30))
    assert via_vobject[uid]["start"] == utc(2022, 5, 16, 12, 30)


def test_cancelled_session_stays_in_the_feed_as_cancelled(client, conference, sessions):
    panel = sessions[1]
    programme.cancel_session(session=panel)
    _, via_icalendar, via_vobject = parse_both(client.get(feed_url(conference)).content)
    uid = f"session-{panel.calendar_uid}@conference-site.tpu.ru"
    assert (via_icalendar[uid]["status"], via_icalendar[uid]["sequence"]) == ("CANCELLED", 1)
    assert via_vobject[uid]["status"] == "CANCELLED"
    assert len(via_icalendar) == 3


def test_provisional_session_is_tentative(client, conference):
    session = SessionFactory(conference=conference, is_provisional=True)
    _, via_icalendar, _ = parse_both(client.get(feed_url(conference)).content)
    event = via_icalendar[f"session-{session.calendar_uid}@conference-site.tpu.ru"]
    assert event["status"] == "TENTATIVE"
    assert "Provisional programme" in event["description"]


def test_feed_answers_304_when_unchanged(client, conference, sessions):
    first = client.get(feed_url(conference))
    etag = first["ETag"]
    assert etag.startswith('W/"3-0-')
    assert first["Last-Modified"] == http_date(max(s.updated_at for s in sessions).timestamp())
    assert "no-cache" in first["Cache-Control"]

    again = client.get(feed_url(conference), headers={"if-none-match": etag})
    assert (again.status_code, again.content) == (304, b"")
    since = client.get(feed_url(conference), headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_feed_etag_changes_when_a_session_moves_or_disappears(client, conference, sessions):
    opening, _panel, visit = sessions
    etag = client.get(feed_url(conference))["ETag"]
    opening.starts_at = utc(2022, 5, 16, 12, 15)
    programme.save_session(session=opening)
    moved = client.get(feed_url(conference), headers={"if-none-match": etag})
    assert moved.status_code == 200
    assert moved["ETag"] != etag
    visit.delete()
    deleted = client.get(feed_url(conference), headers={"if-none-match": moved["ETag"]})
    assert deleted.status_code == 200
    assert len(parse_both(deleted.content)[1]) == 2


def test_feed_of_unknown_conference_is_404(client):
    assert client.get("/events/nope/programme.ics").status_code == 404


def test_empty_programme_feed_is_still_a_valid_calendar(client, conference):
    response = client.get(feed_url(conference))
    ical = icalendar.Calendar.from_ical(response.content)
    assert ical.walk("VEVENT") == []
    assert vobject.readOne(response.content.decode()).name == "VCALENDAR"


def test_session_ics(client, conference, sessions):
    panel = sessions[1]
    url = reverse(
        "events:session_ics", kwargs={"slug": conference.slug, "session_slug": panel.slug}
    )
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bridge-continents-open-science.ics"'
    )
    _, via_icalendar, via_vobject = parse_both(response.content)
    assert via_icalendar == via_vobject
    (event,) = via_icalendar.values()
    assert (event["start"], event["end"]) == (utc(2022, 5, 17, 7, 0), utc(2022, 5, 17, 8, 30))
    assert event["summary"] == "Open Science"
    assert (
        client.get(
            reverse("events:session_ics", kwargs={"slug": conference.slug, "session_slug": "nope"})
        ).status_code
        == 404
    )


def test_session_ics_of_another_conference_is_404(client, conference, sessions):
    other = ConferenceFactory(slug="other")
    url = reverse(
        "events:session_ics", kwargs={"slug": other.slug, "session_slug": sessions[0].slug}
    )
    assert client.get(url).status_code == 404


# --- an attendee's calendar -------------------------------------------------------------


def attendee_events(conference, join_urls=None):
    body = calendar.attendee_calendar(
        conference=conference,
        sessions=programme.programme_sessions(conference),
        join_urls=join_urls,
    )
    _ical, via_icalendar, via_vobject = parse_both(body)
    assert via_icalendar == via_vobject
    return via_icalendar


def test_attendee_calendar_has_the_conference_and_its_sessions(conference, sessions):
    events = attendee_events(conference)
    conference_uid = f"conference-{conference.calendar_uid}@conference-site.tpu.ru"
    assert events[conference_uid]["start"] == utc(2022, 5, 16, 12, 0)
    assert events[conference_uid]["end"] == utc(2022, 5, 20, 15, 0)
    assert len(events) == 4
    assert all("Join online" not in event["description"] for event in events.values())
    assert all("meet.example.org" not in event["description"] for event in events.values())


def test_attendee_calendar_carries_the_join_link_it_is_given_for_each_session(conference, sessions):
    """Which sessions and which links is the registration app's decision (through
    attending): events writes what it is given, and never a platform's URL."""
    opening, panel, visit = sessions
    personal = "https://conference.example.org/join/7/0123abcd/"
    events = attendee_events(conference, join_urls={opening.pk: personal})

    def description(session):
        return events[f"session-{session.calendar_uid}@conference-site.tpu.ru"]["description"]

    assert description(opening) == (
        "Ceremony · Hybrid\n"
        "Speakers: Anna Dean (TPU)\n\n"
        f"Join online: {personal}\n\n"
        "Details: https://conference.example.org/events/bridge-continents/programme/opening/"
    )
    assert "Join online" not in description(panel)
    assert "Join online" not in description(visit)
    assert all("meet.example.org" not in event["description"] for event in events.values())


def test_uids_are_the_stored_uuids(conference, sessions):
    for session in sessions:
        assert isinstance(session.calendar_uid, uuid.UUID)
    events = attendee_events(conference)
    assert {f"session-{s.calendar_uid}@conference-site.tpu.ru" for s in sessions} <= set(events)


# --- sessions follow their conference ---------------------------------------------------


def feed_entries(client, conference):
    ical = icalendar.Calendar.from_ical(client.get(feed_url(conference)).content)
    return {
        str(event["summary"]): (str(event["status"]), int(event["sequence"]), event["location"])
        for event in ical.walk("VEVENT")
    }


def test_sessions_of_a_cancelled_conference_are_cancelled_in_the_feed(client, conference, sessions):
    conference.status = "cancelled"
    services.save_conference(conference=conference)
    entries = feed_entries(client, conference)
    assert {title: entry[:2] for title, entry in entries.items()} == {
        "Opening: three anniversaries": ("CANCELLED", 1),
        "Open Science": ("CANCELLED", 1),
        "Campus visit": ("CANCELLED", 1),
    }


def test_sessions_of_a_postponed_conference_are_tentative(client, conference, sessions):
    conference.status = "postponed"
    services.save_conference(conference=conference)
    entries = feed_entries(client, conference)
    assert {entry[:2] for entry in entries.values()} == {("TENTATIVE", 1)}


def test_sessions_of_a_conference_moved_online_are_online(client, conference, sessions):
    before = feed_entries(client, conference)
    assert before["Campus visit"] == (
        "CONFIRMED",
        0,
        "Tomsk Polytechnic University, Tomsk, Russia",
    )
    conference.status = "moved_online"
    services.save_conference(conference=conference)
    after = feed_entries(client, conference)
    assert set(after.values()) == {("CONFIRMED", 1, "Online")}
    # Saving it again changes nothing more.
    services.save_conference(conference=conference)
    assert feed_entries(client, conference) == after


def test_renaming_the_conference_leaves_the_session_entries_alone(client, conference, sessions):
    conference.title = "Bridge Continents 2022"
    services.save_conference(conference=conference)
    assert {entry[1] for entry in feed_entries(client, conference).values()} == {0}


# --- the feed's ETag follows everything the feed shows -----------------------------------


def refetch(client, conference, etag):
    return client.get(feed_url(conference), headers={"if-none-match": etag})


def test_feed_etag_changes_when_a_speaker_shown_is_renamed(client, conference, sessions):
    first = client.get(feed_url(conference))
    speaker = sessions[0].speakers.get()
    speaker.name = "Anna Dean-Smith"
    speaker.save()
    after = refetch(client, conference, first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    uid = f"session-{sessions[0].calendar_uid}@conference-site.tpu.ru"
    assert "Speakers: Anna Dean-Smith (TPU)" in parse_both(after.content)[1][uid]["description"]
    assert refetch(client, conference, after["ETag"]).status_code == 304


def test_feed_etag_changes_when_a_speakers_affiliation_changes(client, conference, sessions):
    etag = client.get(feed_url(conference))["ETag"]
    speaker = sessions[0].speakers.get()
    speaker.affiliation = "Tomsk Polytechnic University"
    speaker.save()
    assert refetch(client, conference, etag).status_code == 200


def test_feed_etag_changes_when_a_room_shown_is_renamed(client, conference, sessions):
    first = client.get(feed_url(conference))
    room = sessions[0].room
    room.name = "Assembly Hall"
    room.save()
    after = refetch(client, conference, first["ETag"])
    assert after.status_code == 200
    ical = icalendar.Calendar.from_ical(after.content)
    (opening,) = [e for e in ical.walk("VEVENT") if str(e["summary"]).startswith("Opening")]
    assert opening["location"] == (
        "Assembly Hall, Tomsk Polytechnic University, Tomsk, Russia and online"
    )


def test_feed_etag_changes_when_a_topic_shown_is_renamed(client, conference, sessions):
    topic = TopicFactory(conference=conference, title="Open Science")
    sessions[1].topic = topic
    programme.save_session(session=sessions[1])
    etag = client.get(feed_url(conference))["ETag"]
    topic.title = "Open Science and EOSC"
    topic.save()
    after = refetch(client, conference, etag)
    assert after.status_code == 200
    assert b"Topic: Open Science and EOSC" in after.content


def test_feed_etag_stays_when_a_speaker_not_in_the_feed_changes(client, conference, sessions):
    etag = client.get(feed_url(conference))["ETag"]
    elsewhere = SpeakerFactory(name="Someone Else")
    elsewhere.name = "Someone Else Again"
    elsewhere.save()
    assert refetch(client, conference, etag).status_code == 304

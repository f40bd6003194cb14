"""A session deleted from the programme stays in the feeds as STATUS:CANCELLED (same UID, a
higher SEQUENCE) until eight weeks after the conference has ended, and at least eight weeks
after the deletion, so calendars that imported or subscribed to it drop the entry."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events import programme
from events.models import DeletedSession, Session
from tests.factories import ConferenceFactory, SessionFactory, utc

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def uid(session):
    return f"session-{session.calendar_uid}@conference-site.tpu.ru"


def parse(body):
    """{uid: (STATUS, SEQUENCE, start UTC, end UTC, SUMMARY)} through icalendar."""
    return {
        str(event["uid"]): (
            str(event["status"]),
            int(event["sequence"]),
            event.decoded("dtstart").astimezone(UTC),
            event.decoded("dtend").astimezone(UTC),
            str(event["summary"]),
        )
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }


def programme_feed(client, conference):
    response = client.get(reverse("events:programme_ics", kwargs={"slug": conference.slug}))
    assert response.status_code == 200
    return parse(response.content)


def session_feed(client, conference, slug):
    return client.get(
        reverse("events:session_ics", kwargs={"slug": conference.slug, "session_slug": slug})
    )


@pytest.fixture
def upcoming():
    return ConferenceFactory(
        slug="upcoming",
        starts_at=utc(2031, 5, 12, 2, 0),
        ends_at=utc(2031, 5, 16, 10, 0),
    )


@pytest.fixture
def provisional(upcoming):
    session = SessionFactory(
        conference=upcoming,
        title="Provisional: links between rectors",
        slug="rectors",
        is_provisional=True,
        starts_at=utc(2031, 5, 16, 8, 0),
        ends_at=utc(2031, 5, 16, 9, 30),
    )
    programme.confirm_session(session=session)
    session.is_provisional = True
    programme.save_session(session=session)  # calendar version 2 by now
    return session


def test_a_deleted_session_stays_in_the_programme_feed_as_cancelled(client, upcoming, provisional):
    kept = SessionFactory(conference=upcoming, title="Opening")
    assert programme_feed(client, upcoming)[uid(provisional)][:2] == ("TENTATIVE", 2)
    programme.delete_sessions(sessions=[provisional])
    assert programme_feed(client, upcoming) == {
        uid(kept): ("CONFIRMED", 0, kept.starts_at, kept.ends_at, "Opening"),
        uid(provisional): (
            "CANCELLED",
            3,
            utc(2031, 5, 16, 8, 0),
            utc(2031, 5, 16, 9, 30),
            "Provisional: links between rectors",
        ),
    }


def test_the_deleted_entry_names_its_zone_and_says_why(client, upcoming, provisional):
    programme.delete_sessions(sessions=[provisional])
    response = client.get(reverse("events:programme_ics", kwargs={"slug": upcoming.slug}))
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "Asia/Tomsk"
    assert str(event["description"]) == (
        "CANCELLED\n\nRemoved from the programme.\n\n"
        "Programme: https://conference.example.org/events/upcoming/programme/"
    )
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tomsk"]


def test_the_session_feed_of_a_deleted_session_says_cancelled(client, upcoming, provisional):
    programme.delete_sessions(sessions=[provisional])
    response = session_feed(client, upcoming, "rectors")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="upcoming-rectors.ics"'
    assert parse(response.content) == {
        uid(provisional): (
            "CANCELLED",
            3,
            utc(2031, 5, 16, 8, 0),
            utc(2031, 5, 16, 9, 30),
            "Provisional: links between rectors",
        )
    }
    # Its page is gone; an address that never was a session is still 404.
    assert client.get(f"/events/{upcoming.slug}/programme/rectors/").status_code == 404
    assert session_feed(client, upcoming, "never-was").status_code == 404


def test_a_new_session_under_the_old_address_is_served_instead(client, upcoming, provisional):
    programme.delete_sessions(sessions=[provisional])
    again = SessionFactory(conference=upcoming, slug="rectors", title="Rectors' round table")
    assert parse(session_feed(client, upcoming, "rectors").content) == {
        uid(again): ("CONFIRMED", 0, again.starts_at, again.ends_at, "Rectors' round table")
    }
    assert set(programme_feed(client, upcoming)) == {uid(again), uid(provisional)}


def test_another_conference_does_not_announce_the_deletion(client, upcoming, provisional):
    other = ConferenceFactory(slug="other")
    programme.delete_sessions(sessions=[provisional])
    assert programme_feed(client, other) == {}
    assert session_feed(client, other, "rectors").status_code == 404


# --- how long ------------------------------------------------------------------------------


def ended(weeks_ago):
    ends_at = timezone.now() - dt.timedelta(weeks=weeks_ago)
    return ConferenceFactory(starts_at=ends_at - dt.timedelta(days=4), ends_at=ends_at)


def deleted_weeks_ago(session, weeks):
    programme.delete_sessions(sessions=[session])
    deleted = DeletedSession.objects.get(calendar_uid=session.calendar_uid)
    deleted.deleted_at = timezone.now() - dt.timedelta(weeks=weeks)
    deleted.save()


def test_announced_until_eight_weeks_after_the_conference_ended(client):
    recent, old = ended(weeks_ago=7), ended(weeks_ago=9)
    recent_session, old_session = SessionFactory(conference=recent), SessionFactory(conference=old)
    deleted_weeks_ago(recent_session, 10)  # deleted before the conference even began
    deleted_weeks_ago(old_session, 10)
    assert set(programme_feed(client, recent)) == {uid(recent_session)}
    assert programme_feed(client, old) == {}
    assert session_feed(client, recent, recent_session.slug).status_code == 200
    assert session_feed(client, old, old_session.slug).status_code == 404


def test_announced_at_least_eight_weeks_after_the_deletion(client):
    conference = ended(weeks_ago=30)
    fresh, stale = SessionFactory(conference=conference), SessionFactory(conference=conference)
    deleted_weeks_ago(fresh, 7)
    deleted_weeks_ago(stale, 9)
    assert set(programme_feed(client, conference)) == {uid(fresh)}


def test_deletions_no_feed_announces_are_forgotten_at_the_next_deletion():
    conference = ended(weeks_ago=30)
    stale, kept, next_one = SessionFactory.create_batch(3, conference=conference)
    deleted_weeks_ago(stale, 9)
    deleted_weeks_ago(kept, 7)
    programme.delete_sessions(sessions=[next_one])
    assert set(DeletedSession.objects.values_list("calendar_uid", flat=True)) == {
        kept.calendar_uid,
        next_one.calendar_uid,
    }


def test_deleting_in_the_admin_goes_through_the_same_door(admin_client, client, upcoming):
    session = SessionFactory(conference=upcoming, slug="to-go")
    response = admin_client.post(
        reverse("admin:events_session_delete", args=[session.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert programme_feed(client, upcoming)[uid(session)][:2] == ("CANCELLED", 1)


def test_two_organisers_deleting_the_same_session_leave_one_announcement(
    client, upcoming, provisional
):
    seen_by_the_other = Session.objects.get(pk=provisional.pk)
    programme.delete_sessions(sessions=[provisional])
    programme.delete_sessions(sessions=[seen_by_the_other])
    assert DeletedSession.objects.get().calendar_sequence == 3
    assert programme_feed(client, upcoming)[uid(provisional)][:2] == ("CANCELLED", 3)

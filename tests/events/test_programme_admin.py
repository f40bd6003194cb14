"""The programme admin: every page opens, times are in the conference's zone, moving a
session raises its calendar SEQUENCE, and a session at an unsociable hour gets a warning."""

import datetime as dt

import icalendar
import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from events import programme
from events.models import Session
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    team_member,
    utc,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def session(conference):
    session = SessionFactory(
        conference=conference,
        title="Open Science in a global context",
        slug="open-science",
        starts_at=utc(2022, 5, 17, 7, 0),  # 14:00 Tomsk, 09:00 Brussels
        ends_at=utc(2022, 5, 17, 8, 30),
        room=RoomFactory(conference=conference, name="Great Hall"),
    )
    session.speakers.add(SpeakerFactory(name="Anna Dean"))
    return session


def form_data(session, **changes):
    """The change form as an organiser would submit it, times in Tomsk local time."""
    data = {
        "conference": session.conference_id,
        "title_en": session.title,
        "slug": session.slug,
        "description_en": session.description,
        "starts_at_0": "2022-05-17",
        "starts_at_1": "14:00:00",
        "ends_at_0": "2022-05-17",
        "ends_at_1": "15:30:00",
        "room": session.room_id or "",
        "status": session.status,
        "kind": session.kind,
        "format": session.format,
        "topic": "",
        "speakers": [s.pk for s in session.speakers.all()],
        "recording_url": "",
    }
    data.update(changes)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", ["session", "speaker", "room"])
def test_changelist_search_add_and_change_pages_open(admin_client, session, model):
    obj = {"session": session, "speaker": session.speakers.get(), "room": session.room}[model]
    changelist = reverse(f"admin:events_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    response = admin_client.get(changelist, {"q": "Great Hall" if model == "room" else "Anna"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert admin_client.get(reverse(f"admin:events_{model}_add")).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:events_{model}_change", args=[obj.pk])).status_code == 200
    )


def test_session_list_shows_conference_time_and_regional_hours(admin_client, session, conference):
    SessionFactory(
        conference=conference,
        title="Night owl",
        starts_at=utc(2022, 5, 17, 16),
        ends_at=utc(2022, 5, 17, 17),
    )
    response = admin_client.get(reverse("admin:events_session_changelist"))
    html = response.content.decode()
    assert "14:00 UTC+7 Tue 17 May" in html
    assert "suits all" in html
    assert "outside in Beijing" in html  # 00:00 there


def test_change_form_shows_times_in_the_conference_zone(admin_client, session):
    response = admin_client.get(reverse("admin:events_session_change", args=[session.pk]))
    html = response.content.decode()
    assert 'value="14:00:00"' in html
    assert "Times are in Asia/Tomsk, the conference's own time zone." in html


def test_the_session_form_has_no_raw_join_url_and_points_to_join_options(admin_client, session):
    response = admin_client.get(reverse("admin:events_session_change", args=[session.pk]))
    assert response.context["adminform"].form.fields.keys() >= {"recording_url"}
    assert "join_url" not in response.context["adminform"].form.fields
    assert 'name="join_url"' not in response.content.decode()
    assert (
        "How to join online: the session's join options, under Attending, Online sessions."
        in response.content.decode()
    )


def test_moving_a_session_in_the_admin_raises_its_sequence(admin_client, session):
    url = reverse("admin:events_session_change", args=[session.pk])
    response = admin_client.post(
        url, form_data(session, starts_at_1="15:00:00", ends_at_1="16:30:00")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == utc(2022, 5, 17, 8, 0)  # 15:00 Tomsk, read in the conference zone
    assert session.ends_at == utc(2022, 5, 17, 9, 30)
    assert session.calendar_sequence == 1
    assert any(
        "subscribed calendars will update it (calendar version 1)" in m
        for m in messages_of(response)
    )


def test_saving_without_moving_keeps_the_sequence(admin_client, session):
    url = reverse("admin:events_session_change", args=[session.pk])
    response = admin_client.post(url, form_data(session, title_en="Open Science and EOSC"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Open Science and EOSC"
    assert session.calendar_sequence == 0
    change_url = reverse("admin:events_session_change", args=[session.pk])
    assert messages_of(response) == [
        f'The session “<a href="{change_url}">Open Science and EOSC</a>” was changed successfully.'
    ]


def test_saving_a_session_at_an_unsociable_hour_warns(admin_client, session):
    url = reverse("admin:events_session_change", args=[session.pk])
    # 04:00-05:00 Tomsk is 23:00-00:00 Brussels (previous day), 00:00 Moscow, 05:00 Beijing.
    response = admin_client.post(
        url, form_data(session, starts_at_1="04:00:00", ends_at_1="05:00:00")
    )
    assert response.status_code == 302
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert [str(m) for m in warnings] == [
        "“Open Science in a global context” is outside 08:00-22:00 local time for participants "
        "in: Beijing 05:00-06:00 UTC+8; Moscow 00:00-01:00 UTC+3; Brussels 23:00-00:00 UTC+2. "
        "The conference promises real-time participation where its audience lives."
    ]


def test_adding_a_session_reads_times_in_the_chosen_conference_zone(admin_client, conference):
    speaker = SpeakerFactory()
    response = admin_client.post(
        reverse("admin:events_session_add"),
        {
            "conference": conference.pk,
            "title_en": "Closing",
            "slug": "closing",
            "starts_at_0": "2022-05-20",
            "starts_at_1": "19:00:00",
            "ends_at_0": "2022-05-20",
            "ends_at_1": "20:30:00",
            "status": "scheduled",
            "kind": "plenary",
            "format": "hybrid",
            "speakers": [speaker.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    closing = Session.objects.get(slug="closing")
    assert closing.starts_at == utc(2022, 5, 20, 12, 0)
    assert list(closing.speakers.all()) == [speaker]
    assert closing.calendar_sequence == 0
    assert [m for m in messages_of(response) if "outside" in m] == []


def test_cancel_action_cancels_and_raises_sequence(admin_client, session, conference):
    other = SessionFactory(conference=conference)
    response = admin_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "cancel_sessions", "_selected_action": [session.pk, other.pk]},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["2 sessions cancelled."]
    session.refresh_from_db()
    assert (session.status, session.calendar_sequence) == (Session.Status.CANCELLED, 1)


def test_confirm_action_drops_the_provisional_label(admin_client, conference):
    provisional = SessionFactory(conference=conference, is_provisional=True)
    response = admin_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "confirm_sessions", "_selected_action": [provisional.pk]},
    )
    assert messages_of(response) == ["1 session confirmed."]
    provisional.refresh_from_db()
    assert provisional.is_provisional is False


# --- the service behind the admin -------------------------------------------------------


def test_save_session_raises_sequence_only_when_the_schedule_changes(session):
    session.title = "Renamed"
    change = programme.save_session(session=session)
    assert (change.changed, session.calendar_sequence) == (False, 0)

    session.ends_at = utc(2022, 5, 17, 9, 0)
    change = programme.save_session(session=session)
    assert change.moved is True
    assert change.previous_ends_at == utc(2022, 5, 17, 8, 30)
    assert session.calendar_sequence == 1

    change = programme.cancel_session(session=session)
    assert (change.moved, change.cancelled, session.calendar_sequence) == (False, True, 2)

    session.status = Session.Status.SCHEDULED
    change = programme.save_session(session=session)
    assert (change.reinstated, session.calendar_sequence) == (True, 3)
    session.refresh_from_db()
    assert session.calendar_sequence == 3


def test_save_session_creates_a_new_session_at_sequence_zero(conference):
    new = Session(
        conference=conference,
        title="New",
        slug="new",
        starts_at=utc(2022, 5, 18, 7),
        ends_at=utc(2022, 5, 18, 8),
    )
    change = programme.save_session(session=new)
    assert new.pk is not None
    assert (change.changed, new.calendar_sequence) == (False, 0)


def test_deleting_sessions_in_the_admin_moves_the_feed_on(
    admin_client, client, session, conference
):
    provisional = SessionFactory(conference=conference, is_provisional=True)
    provisional_too = SessionFactory(conference=conference, is_provisional=True)
    # Everything last changed long ago (Last-Modified counts whole seconds).
    Session.objects.update(updated_at=utc(2020, 1, 1))
    type(conference).objects.filter(pk=conference.pk).update(updated_at=utc(2020, 1, 1))
    feed = reverse("events:programme_ics", kwargs={"slug": conference.slug})
    last_modified = client.get(feed)["Last-Modified"]
    assert last_modified == "Wed, 01 Jan 2020 00:00:00 GMT"
    response = admin_client.post(
        reverse("admin:events_session_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [provisional.pk, provisional_too.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(conference.sessions.all()) == [session]
    # A client that only sends If-Modified-Since still learns that sessions went away:
    # they are announced as cancelled, so subscribed calendars drop them.
    after = client.get(feed, headers={"if-modified-since": last_modified})
    assert after.status_code == 200
    assert feed_events(client, conference) == {
        f"session-{session.calendar_uid}@conference-site.tpu.ru": ("CONFIRMED", 0),
        f"session-{provisional.calendar_uid}@conference-site.tpu.ru": ("CANCELLED", 1),
        f"session-{provisional_too.calendar_uid}@conference-site.tpu.ru": ("CANCELLED", 1),
    }


def test_session_form_offers_only_the_conference_rooms_and_topics(
    admin_client, session, conference
):
    other = ConferenceFactory(slug="other")
    foreign_room = RoomFactory(conference=other, name="Elsewhere Hall")
    response = admin_client.get(reverse("admin:events_session_change", args=[session.pk]))
    form = response.context["adminform"].form
    assert list(form.fields["room"].queryset) == [session.room]
    assert "Elsewhere Hall" not in response.content.decode()
    response = admin_client.post(
        reverse("admin:events_session_change", args=[session.pk]),
        form_data(session, room=foreign_room.pk),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["room"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    session.refresh_from_db()
    assert session.room.name == "Great Hall"


# --- one door for every change a calendar must apply -----------------------------------


def feed_events(client, conference):
    """The programme feed, parsed back: {uid: (STATUS, SEQUENCE)}."""
    response = client.get(reverse("events:programme_ics", kwargs={"slug": conference.slug}))
    ical = icalendar.Calendar.from_ical(response.content)
    return {
        str(event["uid"]): (str(event["status"]), int(event["sequence"]))
        for event in ical.walk("VEVENT")
    }


def test_confirming_sessions_raises_their_sequence_and_updates_the_cached_feed(
    admin_client, client, conference
):
    provisional = SessionFactory(conference=conference, is_provisional=True)
    uid = f"session-{provisional.calendar_uid}@conference-site.tpu.ru"
    assert feed_events(client, conference) == {uid: ("TENTATIVE", 0)}  # now cached
    response = admin_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "confirm_sessions", "_selected_action": [provisional.pk]},
    )
    assert messages_of(response) == ["1 session confirmed."]
    provisional.refresh_from_db()
    assert (provisional.is_provisional, provisional.calendar_sequence) == (False, 1)
    assert feed_events(client, conference) == {uid: ("CONFIRMED", 1)}


def test_confirming_confirmed_sessions_again_changes_nothing(admin_client, conference):
    provisional = SessionFactory(conference=conference, is_provisional=True)
    for expected in ["1 session confirmed.", "0 sessions confirmed."]:
        response = admin_client.post(
            reverse("admin:events_session_changelist"),
            {"action": "confirm_sessions", "_selected_action": [provisional.pk]},
            follow=True,
        )
        assert [str(m) for m in response.context["messages"]] == [expected]
    provisional.refresh_from_db()
    assert provisional.calendar_sequence == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("is_provisional", True),
        ("format", Session.Format.ONLINE),
        ("status", Session.Status.CANCELLED),
        ("starts_at", utc(2022, 5, 17, 6, 0)),
    ],
)
def test_every_change_a_calendar_shows_raises_the_sequence(session, field, value):
    setattr(session, field, value)
    change = programme.save_session(session=session)
    assert change.calendar_changed is True
    session.refresh_from_db()
    assert session.calendar_sequence == 1


def test_moving_a_session_to_another_room_raises_the_sequence(session, conference):
    session.room = RoomFactory(conference=conference, name="Small Hall")
    assert programme.save_session(session=session).changed_fields == {"room_id"}
    assert session.calendar_sequence == 1
    # Saving the same values again is no change.
    assert programme.save_session(session=session).calendar_changed is False
    assert session.calendar_sequence == 1


# --- who may run the actions ------------------------------------------------------------


def staff_with(django_user_model, *codenames):
    """An account given just these rights, directly (not through a team)."""
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.parametrize("action", ["cancel_sessions", "confirm_sessions"])
def test_a_group_that_may_only_view_sessions_cannot_run_the_actions(
    client, django_user_model, conference, action
):
    provisional = SessionFactory(conference=conference, is_provisional=True)
    client.force_login(staff_with(django_user_model, "view_session"))
    changelist = reverse("admin:events_session_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert f'value="{action}"' not in page.content.decode()
    response = client.post(changelist, {"action": action, "_selected_action": [provisional.pk]})
    # With no action allowed the list has no action form, and Django ignores the post.
    assert response.status_code == 200
    assert messages_of(response) == []
    provisional.refresh_from_db()
    assert (provisional.status, provisional.is_provisional, provisional.calendar_sequence) == (
        Session.Status.SCHEDULED,
        True,
        0,
    )


def test_content_editors_may_run_the_session_actions(client, django_user_model, conference):
    session = SessionFactory(conference=conference)
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    team_member("Content editors", user=editor)
    client.force_login(editor)
    page = client.get(reverse("admin:events_session_changelist")).content.decode()
    assert 'value="cancel_sessions"' in page
    assert 'value="confirm_sessions"' in page
    response = client.post(
        reverse("admin:events_session_changelist"),
        {"action": "cancel_sessions", "_selected_action": [session.pk]},
    )
    assert messages_of(response) == ["1 session cancelled."]


def test_registration_managers_cannot_open_the_session_list(client, django_user_model):
    manager = django_user_model.objects.create_user("manager", password="x", is_staff=True)
    team_member("Registration managers", user=manager)
    client.force_login(manager)
    assert client.get(reverse("admin:events_session_changelist")).status_code == 403


# --- times stay in each conference's own zone --------------------------------------------


def test_a_session_of_a_conference_elsewhere_is_typed_and_shown_in_that_zone(
    admin_client, conference
):
    brussels = ConferenceFactory(
        slug="brussels", time_zone="Europe/Brussels", starts_at=utc(2022, 5, 16, 7)
    )
    response = admin_client.post(
        reverse("admin:events_session_add"),
        {
            "conference": brussels.pk,
            "title_en": "Morning in Brussels",
            "slug": "morning",
            "starts_at_0": "2022-05-17",
            "starts_at_1": "09:00:00",
            "ends_at_0": "2022-05-17",
            "ends_at_1": "10:00:00",
            "status": "scheduled",
            "kind": "plenary",
            "format": "hybrid",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get(slug="morning")
    assert session.starts_at == utc(2022, 5, 17, 7, 0)  # 09:00 CEST
    page = admin_client.get(reverse("admin:events_session_change", args=[session.pk]))
    html = page.content.decode()
    assert 'value="09:00:00"' in html
    assert "Times are in Europe/Brussels, the conference's own time zone." in html
    listing = admin_client.get(reverse("admin:events_session_changelist")).content.decode()
    assert "09:00 UTC+2 Tue 17 May" in listing


def test_the_actions_leave_the_times_alone(admin_client, session):
    session.is_provisional = True
    programme.save_session(session=session)
    for action in ["confirm_sessions", "cancel_sessions"]:
        admin_client.post(
            reverse("admin:events_session_changelist"),
            {"action": action, "_selected_action": [session.pk]},
        )
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (utc(2022, 5, 17, 7, 0), utc(2022, 5, 17, 8, 30))
    assert (session.is_provisional, session.status, session.calendar_sequence) == (
        False,
        Session.Status.CANCELLED,
        3,
    )


# --- rooms: what sessions show of them changes through save_session -------------------


def feed_locations(client, conference):
    response = client.get(reverse("events:programme_ics", kwargs={"slug": conference.slug}))
    return {
        str(event["summary"]): (str(event["location"]), int(event["sequence"]))
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_renaming_a_room_in_the_admin_updates_its_sessions_entries(
    admin_client, client, session, conference
):
    elsewhere = SessionFactory(
        conference=conference, title="Elsewhere", room=RoomFactory(conference=conference)
    )
    url = reverse("admin:events_room_change", args=[session.room.pk])
    data = {"conference": conference.pk, "name_en": "Assembly Hall", "capacity": ""}
    for _twice in range(2):
        assert admin_client.post(url, data).status_code == 302
    assert feed_locations(client, conference) == {
        "Open Science in a global context": (
            "Assembly Hall, Tomsk Polytechnic University, Tomsk, Russia and online",
            1,
        ),
        "Elsewhere": (
            f"{elsewhere.room.name}, Tomsk Polytechnic University, Tomsk, Russia and online",
            0,
        ),
    }


def test_deleting_a_room_in_the_admin_updates_its_sessions_entries(
    admin_client, client, session, conference
):
    response = admin_client.post(
        reverse("admin:events_room_delete", args=[session.room.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.room, session.calendar_sequence) == (None, 1)
    assert feed_locations(client, conference) == {
        "Open Science in a global context": (
            "Tomsk Polytechnic University, Tomsk, Russia and online",
            1,
        )
    }

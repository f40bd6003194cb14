"""Cloning a conference as its next edition: what is copied, what is not, the weekday and
local time kept, the slug unique, and a newcomer's upcoming edition to register on."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Conference, Enquiry, Session
from registration.models import InvitationCode, Registration
from tests.factories import (
    AnniversaryFactory,
    ConferenceFactory,
    ConferenceOrganisationFactory,
    DateChangeFactory,
    GoalFactory,
    InvitationCodeFactory,
    JoinOptionFactory,
    OrganisationFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    team_member,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 24, 10, 0)


@pytest.fixture
def source():
    """The 2022 edition: Monday 16 May 19:00 to Friday 20 May 22:00 in Tomsk (UTC+7), with
    everything an edition has, personal data included."""
    conference = ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        status=Conference.Status.RESCHEDULED,
        status_note="Postponed from September 2021.",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
        registration_opens_at=utc(2022, 3, 1, 0, 0),
        registration_closes_at=utc(2022, 5, 10, 0, 0),
        in_person_capacity=120,
        online_capacity=None,
        online_url="https://bridge.example.org/online",
        calendar_sequence=3,
    )
    tpu = OrganisationFactory(name="Tomsk Polytechnic University", acronym="TPU")
    cesaer = OrganisationFactory(name="CESAER", acronym="CESAER")
    ConferenceOrganisationFactory(conference=conference, organisation=tpu, role="host", order=0)
    ConferenceOrganisationFactory(conference=conference, organisation=cesaer, order=1)
    GoalFactory(conference=conference, text="Build links between rectors.", order=0)
    AnniversaryFactory(conference=conference, organisation=tpu, years=125, order=0)
    energy = TopicFactory(conference=conference, title="Energy", order=0)
    hall = RoomFactory(conference=conference, name="Great Hall", capacity=300)
    speaker = SpeakerFactory(name="Dmitry Sednev")
    opening = SessionFactory(
        conference=conference,
        title="Opening",
        slug="opening",
        starts_at=utc(2022, 5, 16, 12, 0),  # Monday 19:00 in Tomsk
        ends_at=utc(2022, 5, 16, 13, 30),
        room=hall,
        topic=energy,
        recording_url="https://video.example.org/opening",
    )
    JoinOptionFactory(session=opening, url="https://meet.example.org/opening")
    opening.speakers.add(speaker)
    SessionFactory(
        conference=conference,
        title="Dropped panel",
        slug="dropped-panel",
        status=Session.Status.CANCELLED,
    )
    DateChangeFactory(conference=conference)
    RegistrationFactory(conference=conference, email="anna@example.org")
    InvitationCodeFactory(conference=conference, code="GUEST-2022")
    Enquiry.objects.create(
        conference=conference,
        name="Boris",
        email="boris@example.org",
        message="Is there a bus from the airport?",
        consent=True,
    )
    return conference


def local(moment, zone="Asia/Tomsk"):
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def test_the_next_edition_is_titled_with_its_year_and_starts_on_the_same_weekday(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    assert (edition.title, edition.slug) == (
        "Science and Technology Bridge Continents 2027",
        "bridge-continents-2027",
    )
    # 261 whole weeks, the nearest to five years: Monday 19:00 in Tomsk again.
    assert local(edition.starts_at).strftime("%A %Y-%m-%d %H:%M") == "Monday 2027-05-17 19:00"
    assert local(edition.ends_at).strftime("%A %Y-%m-%d %H:%M") == "Friday 2027-05-21 22:00"
    assert edition.starts_at - source.starts_at == dt.timedelta(weeks=261)


def test_the_next_edition_starts_at_least_eight_weeks_ahead(source):
    """Five years on, May 2027 is less than eight weeks from 1 April 2027: six years."""
    edition = services.clone_as_next_edition(conference=source, now=utc(2027, 4, 1))

    assert local(edition.starts_at).strftime("%A %Y-%m-%d %H:%M") == "Monday 2028-05-15 19:00"


def test_the_conference_is_copied_scheduled_with_a_new_calendar_identity(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    copied = [
        "summary",
        "description",
        "attendance_mode",
        "time_zone",
        "venue_name",
        "venue_city",
        "venue_country",
        "online_url",
        "contact_email",
        "working_language",
        "language_code",
        "in_person_eligibility",
        "online_eligibility",
        "in_person_capacity",
        "online_capacity",
    ]
    assert {name: getattr(edition, name) for name in copied} == {
        name: getattr(source, name) for name in copied
    }
    assert (edition.status, edition.status_note, edition.calendar_sequence) == (
        Conference.Status.SCHEDULED,
        "",
        0,
    )
    assert edition.calendar_uid != source.calendar_uid
    assert list(edition.date_changes.all()) == []


def test_registration_opens_at_once_and_closes_when_the_edition_starts(source):
    edition = services.clone_as_next_edition(conference=source, now=utc(2026, 11, 24, 10, 7, 31))

    assert (edition.registration_opens_at, edition.registration_closes_at) == (
        utc(2026, 11, 24, 10, 7),
        edition.starts_at,
    )


def test_organisations_goals_topics_anniversaries_and_rooms_are_copied(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    assert [(role.organisation.acronym, role.role, role.order) for role in edition.roles.all()] == [
        ("TPU", "host", 0),
        ("CESAER", "co_organiser", 1),
    ]
    assert [goal.text for goal in edition.goals.all()] == ["Build links between rectors."]
    assert [topic.title for topic in edition.topics.all()] == ["Energy"]
    # Five calendar years later, the anniversary is five years older.
    assert [(a.organisation.acronym, a.years) for a in edition.anniversaries.all()] == [
        ("TPU", 130)
    ]
    assert [(room.name, room.capacity) for room in edition.rooms.all()] == [("Great Hall", 300)]
    # The source keeps its own.
    assert source.roles.count() == 2
    assert [a.years for a in source.anniversaries.all()] == [125]


def test_the_programme_is_copied_as_provisional_with_its_rooms_topics_and_speakers(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    (opening,) = edition.sessions.all()
    assert (
        opening.title,
        opening.slug,
        opening.is_provisional,
        opening.status,
        opening.room.conference_id,
        opening.room.name,
        opening.topic.conference_id,
        opening.topic.title,
        [speaker.name for speaker in opening.speakers.all()],
        local(opening.starts_at).strftime("%A %Y-%m-%d %H:%M"),
        opening.ends_at - opening.starts_at,
    ) == (
        "Opening",
        "opening",
        True,
        Session.Status.SCHEDULED,
        edition.pk,
        "Great Hall",
        edition.pk,
        "Energy",
        ["Dmitry Sednev"],
        "Monday 2027-05-17 19:00",
        dt.timedelta(minutes=90),
    )
    # Links belong to one edition; the copy has its own calendar identity.
    assert (opening.recording_url, opening.calendar_sequence) == ("", 0)
    assert list(opening.join_options.all()) == []
    assert opening.calendar_uid not in set(source.sessions.values_list("calendar_uid", flat=True))


def test_cancelled_sessions_are_not_copied(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    assert list(edition.sessions.values_list("title", flat=True)) == ["Opening"]
    assert source.sessions.count() == 2


def test_nothing_personal_is_copied(source):
    edition = services.clone_as_next_edition(conference=source, now=NOW)

    assert list(Registration.objects.filter(conference=edition)) == []
    assert list(InvitationCode.objects.filter(conference=edition)) == []
    assert list(Enquiry.objects.filter(conference=edition)) == []
    # The source's stay where they were.
    assert list(Registration.objects.values_list("conference__slug", "email")) == [
        ("bridge-continents", "anna@example.org")
    ]
    assert list(InvitationCode.objects.values_list("conference__slug", "code")) == [
        ("bridge-continents", "GUEST-2022")
    ]
    assert list(Enquiry.objects.values_list("conference__slug", "name")) == [
        ("bridge-continents", "Boris")
    ]


def test_cloning_twice_gives_two_editions_with_unique_slugs(source):
    first = services.clone_as_next_edition(conference=source, now=NOW)
    second = services.clone_as_next_edition(conference=source, now=NOW)

    assert (first.slug, second.slug) == ("bridge-continents-2027", "bridge-continents-2027-2")
    assert first.calendar_uid != second.calendar_uid
    assert Conference.objects.count() == 3
    assert [s.conference.slug for s in Session.objects.filter(title="Opening")] == [
        "bridge-continents",
        "bridge-continents-2027",
        "bridge-continents-2027-2",
    ]


def test_a_year_in_the_title_and_slug_becomes_the_new_year():
    conference = ConferenceFactory(
        title="Bridge Continents 2022",
        slug="bridge-continents-2022",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
    )

    edition = services.clone_as_next_edition(conference=conference, now=NOW, label="demo")

    assert (edition.title, edition.slug) == (
        "Bridge Continents 2027 (demo)",
        "bridge-continents-2027-demo",
    )


def test_local_times_stay_across_a_change_of_summer_time():
    """Monday 25 March 2030 is in CET, Monday 24 March 2031 too, but 31 March 2031 is in
    CEST: 09:00 in Brussels stays 09:00 whatever the UTC offset."""
    conference = ConferenceFactory(
        time_zone="Europe/Brussels",
        starts_at=utc(2030, 3, 25, 8, 0),  # Monday 09:00 CET
        ends_at=utc(2030, 3, 27, 16, 0),
    )

    edition = services.clone_as_next_edition(conference=conference, weeks=53, now=NOW)

    assert local(edition.starts_at, "Europe/Brussels").strftime("%A %Y-%m-%d %H:%M %Z") == (
        "Monday 2031-03-31 09:00 CEST"
    )
    assert edition.starts_at == utc(2031, 3, 31, 7, 0)


# --- the management command -------------------------------------------------------------
def clone(*args):
    out = io.StringIO()
    call_command("clone_conference", *args, stdout=out)
    return out.getvalue()


def test_the_command_clones_and_says_where(source):
    output = clone("bridge-continents", "--weeks", "261")

    edition = Conference.objects.get(slug="bridge-continents-2027")
    assert output == (
        "Created “Science and Technology Bridge Continents 2027”: Mon 17 May 2027 19:00 to "
        "Fri 21 May 2027 22:00 (Asia/Tomsk), registration open until it starts. "
        "Page: /events/bridge-continents-2027/\n"
    )
    assert edition.sessions.count() == 1


def test_the_command_with_if_missing_runs_twice_and_clones_once(source):
    clone("bridge-continents", "--label", "demo edition", "--if-missing")
    output = clone("bridge-continents", "--label", "demo edition", "--if-missing")

    assert Conference.objects.filter(title__endswith="(demo edition)").count() == 1
    edition = Conference.objects.get(title__endswith="(demo edition)")
    assert output == (f"“{edition.title}” exists already. Page: /events/{edition.slug}/\n")


def test_the_command_refuses_an_unknown_conference_and_a_backward_move(source):
    with pytest.raises(CommandError, match=r"^No conference with the slug “nope”\.$"):
        clone("nope")
    with pytest.raises(CommandError, match="--weeks must be 1 or more"):
        clone("bridge-continents", "--weeks", "0")
    assert Conference.objects.count() == 1


def test_a_newcomer_gets_an_upcoming_labelled_edition_open_for_registration(tpu_conference):
    """What `make try` does after `make setup`: the featured conference is the demo edition,
    and its registration form is open."""
    clone(tpu_conference.slug, "--label", "--if-missing")  # as the Makefile says

    client = Client()
    edition = Conference.objects.get(title__endswith="(demo edition)")
    home = client.get(reverse("events:home"))
    assert home.context["conference"] == edition
    register = client.get(reverse("registration:register", kwargs={"slug": edition.slug}))
    assert register.templates[0].name == "registration/register.html"
    assert "Science and Technology Bridge Continents" in edition.title
    assert edition.title.endswith(" (demo edition)")


# --- the admin action ----------------------------------------------------------------------
def organiser_in(group_name):
    user = get_user_model().objects.create_user(
        username=group_name.lower().replace(" ", "-"), password="x", is_staff=True
    )
    team_member(group_name, user=user)
    client = Client()
    client.force_login(user)
    return client


def run_clone_action(client, conference, **dates):
    """Chooses the action (the admin asks for the dates), then sends the dates it offers
    or the ones given."""
    url = reverse("admin:events_conference_changelist")
    chosen = {"action": "clone_as_next_edition", "_selected_action": [conference.pk]}
    asked = client.post(url, chosen)
    if asked.status_code != 200 or "form" not in (asked.context or {}):
        return asked
    form = asked.context["form"]
    offered = {name: form[name].value() for name in ("starts_at", "ends_at")}
    offered = {
        name: value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value
        for name, value in offered.items()
    }
    return client.post(url, {**chosen, "post": "yes", **offered, **dates}, follow=True)


def test_content_editors_clone_a_conference_in_the_admin(source):
    response = run_clone_action(organiser_in("Content editors"), source)

    edition = Conference.objects.exclude(pk=source.pk).get()
    assert local(edition.starts_at).strftime("%a") == "Mon"
    messages = [str(message) for message in response.context["messages"]]
    assert messages[0].startswith(
        f"“Science and Technology Bridge Continents” cloned as "
        f'<a href="/admin/events/conference/{edition.pk}/change/">{edition.title}</a>'
    )


def test_registration_managers_cannot_clone_a_conference(source):
    response = run_clone_action(organiser_in("Registration managers"), source)

    assert response.status_code == 200
    assert 'value="clone_as_next_edition"' not in response.text
    assert Conference.objects.count() == 1


def test_the_home_page_cached_before_the_clone_shows_the_new_edition_after_it(
    client, source, django_capture_on_commit_callbacks
):
    assert client.get(reverse("events:home")).context["conference"] == source

    with django_capture_on_commit_callbacks(execute=True):
        edition = services.clone_as_next_edition(conference=source)

    page = client.get(reverse("events:home")).text
    assert edition.title in page


@pytest.mark.parametrize("size", [1, 30])
def test_cloning_takes_the_same_queries_for_a_small_and_a_large_programme(
    django_assert_num_queries, size
):
    conference = ConferenceFactory(starts_at=utc(2022, 5, 16, 12, 0))
    room = RoomFactory(conference=conference)
    speakers = [SpeakerFactory(), SpeakerFactory()]
    for _ in range(size):
        SessionFactory(conference=conference, room=room).speakers.set(speakers)

    with django_assert_num_queries(20):
        edition = services.clone_as_next_edition(conference=conference, now=NOW)

    assert edition.sessions.count() == size
    assert Session.speakers.through.objects.filter(session__conference=edition).count() == (
        2 * size
    )

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Conference, Session, Speaker
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    TopicFactory,
    utc,
)


@pytest.fixture
def tpu_conference(db):
    """The seed conference, loaded the way `make run` loads it."""
    call_command("load_conference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Conference.objects.get(slug="science-and-technology-bridge-continents")


@pytest.fixture
def conference(db):
    """A conference shaped like the seed's: Tomsk time, 16-20 May 2022."""
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
        venue_name="Tomsk Polytechnic University",
        venue_city="Tomsk",
    )


def _conference_form_data(conference, **changes):
    """The admin change form as a browser would post it, inlines included: times as the
    form shows them, in the conference's own zone."""
    starts_at = conference.starts_at.astimezone(conference.zone)
    ends_at = conference.ends_at.astimezone(conference.zone)
    data = {
        "title_en": conference.title,
        "slug": conference.slug,
        "summary_en": conference.summary,
        "description_en": conference.description,
        "status": conference.status,
        "status_note_en": conference.status_note,
        "attendance_mode": conference.attendance_mode,
        "time_zone": conference.time_zone,
        "starts_at_0": starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": starts_at.strftime("%H:%M:%S"),
        "ends_at_0": ends_at.strftime("%Y-%m-%d"),
        "ends_at_1": ends_at.strftime("%H:%M:%S"),
        "venue_name_en": conference.venue_name,
        "venue_city_en": conference.venue_city,
        "venue_country": conference.venue_country.code,
        "contact_email": conference.contact_email,
        "working_language": conference.working_language,
        "language_code": conference.language_code,
        "date_change_reason": "",
    }
    for prefix in ["roles", "anniversaries", "goals", "topics", "date_changes"]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def build_programme(size):
    conference = ConferenceFactory(
        slug=f"size-{size}",
        starts_at=dt.datetime(2022, 5, 16, 12, tzinfo=UTC),
        ends_at=dt.datetime(2022, 5, 20, 15, tzinfo=UTC),
    )
    rooms = [RoomFactory(conference=conference) for _ in range(3)]
    topics = [TopicFactory(conference=conference) for _ in range(3)]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {size}-{n}", slug=f"speaker-{size}-{n}", affiliation="TPU")
        for n in range(size * 2)
    )
    everywhere = Speaker.objects.create(name="A speaker in every session", slug="everywhere")
    sessions = Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Session {n}",
            slug=f"session-{n}",
            starts_at=conference.starts_at + dt.timedelta(minutes=20 * n),
            ends_at=conference.starts_at + dt.timedelta(minutes=20 * n + 15),
            room=rooms[n % 3],
            topic=topics[n % 3],
            status=Session.Status.CANCELLED if n % 7 == 0 else Session.Status.SCHEDULED,
        )
        for n in range(size)
    )
    Through = Session.speakers.through
    Through.objects.bulk_create(
        Through(session=session, speaker=speaker)
        for n, session in enumerate(sessions)
        for speaker in (speakers[2 * n], speakers[2 * n + 1], everywhere)
    )
    return conference, sessions


def urls(conference, sessions):
    slug = conference.slug
    return {
        "programme": reverse("events:programme", kwargs={"slug": slug}),
        "programme in Brussels": reverse("events:programme", kwargs={"slug": slug})
        + "?tz=Europe/Brussels",
        "session": sessions[1].get_absolute_url(),
        "speakers": reverse("events:speakers", kwargs={"slug": slug}),
        "regions": reverse("events:programme_regions", kwargs={"slug": slug}),
        "programme.ics": reverse("events:programme_ics", kwargs={"slug": slug}),
        "session.ics": reverse(
            "events:session_ics", kwargs={"slug": slug, "session_slug": sessions[1].slug}
        ),
    }


# Measured on SQLite; identical at both sizes. Each page the first after an organiser's
# save (a new content version), so each pays one query for the conference's look
# (branding.services.theme_for), kept in the process until the next save.
EXPECTED = {
    "programme": 4,
    "programme in Brussels": 4,
    "session": 3,
    "speakers": 4,
    "regions": 4,
    "programme.ics": 5,
    "session.ics": 2,
}


UTC = dt.UTC


# The conference admin form as a browser posts it (test_conference_admin_*).
INLINES = ["roles", "anniversaries", "goals", "topics", "date_changes"]


def form_data(**fields):
    """The conference form as a browser posts it; moments as (date, time) typed locally."""
    data = {
        "title_en": "Bridge Continents 2030",
        "slug": "bridge-continents-2030",
        "summary_en": "A conference about science and technology.",
        "description_en": "",
        "status": "scheduled",
        "status_note_en": "",
        "attendance_mode": "hybrid",
        "time_zone": "Asia/Tomsk",
        "venue_name_en": "Tomsk Polytechnic University",
        "venue_city_en": "Tomsk",
        "venue_country": "RU",
        "contact_email": "conference@example.org",
        "working_language": "English",
        "language_code": "en",
        "date_change_reason": "",
        "starts_at": ("2030-05-16", "09:00"),
        "ends_at": ("2030-05-20", "18:00"),
        "registration_opens_at": ("", ""),
        "registration_closes_at": ("", ""),
    }
    data.update(fields)
    for name in ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]:
        data[f"{name}_0"], data[f"{name}_1"] = data.pop(name)
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def change_url(conference):
    return reverse("admin:events_conference_change", args=[conference.pk])

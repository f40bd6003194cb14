"""Fills the benchmark database: the seed content plus one large upcoming conference.

Run by bench/run.py with the benchmark's environment (never against a real database):
300 sessions, 100 speakers and 5,000 registrations on one conference, so that every page
is measured at the size a busy conference reaches. Prints the conference's slug.
"""

import datetime as dt
import itertools
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Conference, ConferenceOrganisation, Room, Session, Speaker  # noqa: E402
from registration.models import Registration  # noqa: E402
from tests.factories import (  # noqa: E402
    ConferenceFactory,
    ConferenceOrganisationFactory,
    GoalFactory,
    OrganisationFactory,
    TopicFactory,
)

SLUG = "bench-large-conference"
SESSIONS = 300
SPEAKERS = 100
REGISTRATIONS = 5000
ROOMS = 6
COUNTRIES = ["RU", "CN", "BE", "DE", "FR", "NL", "KZ", "IT", "ES", "PL"]


@transaction.atomic
def fill():
    existing = Conference.objects.filter(slug=SLUG).first()
    if existing is not None:
        # A kept database (DATABASE_URL): drop what the last run's POSTs added.
        existing.registrations.filter(email__startswith="bench-").delete()
        return existing
    starts = (timezone.now() + dt.timedelta(days=90)).replace(
        hour=2, minute=0, second=0, microsecond=0
    )
    conference = ConferenceFactory(
        slug=SLUG,
        title="Large Benchmark Conference",
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=5, hours=12),
        in_person_capacity=REGISTRATIONS,
    )
    ConferenceOrganisationFactory(conference=conference, role=ConferenceOrganisation.Role.HOST)
    for _ in range(3):
        ConferenceOrganisationFactory(conference=conference, organisation=OrganisationFactory())
    GoalFactory.create_batch(5, conference=conference)
    topics = TopicFactory.create_batch(10, conference=conference)
    rooms = Room.objects.bulk_create(
        Room(conference=conference, name=f"Room {n}", capacity=200) for n in range(ROOMS)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"Speaker Number {n}",
            slug=f"bench-speaker-{n}",
            affiliation=f"University of Science {n % 20}",
            position="Professor",
            bio="Works on engineering education and research policy.",
        )
        for n in range(SPEAKERS)
    )
    # Five days, ten one-hour slots a day in the event's zone, six rooms in parallel.
    slots = [
        starts + dt.timedelta(days=day, hours=hour)
        for day in range(5)
        for hour in range(10)
        for _room in range(ROOMS)
    ]
    kinds = itertools.cycle(Session.Kind.values)
    formats = itertools.cycle(Session.Format.values)
    sessions = Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Session {n}: universities of science and technology",
            slug=f"session-{n}",
            description="A session of the benchmark programme.",
            kind=next(kinds),
            format=next(formats),
            starts_at=slots[n],
            ends_at=slots[n] + dt.timedelta(minutes=50),
            room=rooms[n % ROOMS],
            topic=topics[n % len(topics)],
        )
        for n in range(SESSIONS)
    )
    Through = Session.speakers.through
    Through.objects.bulk_create(
        Through(session_id=session.pk, speaker_id=speakers[(n + k * 37) % SPEAKERS].pk)
        for n, session in enumerate(sessions)
        for k in range(1 + n % 3)
    )
    now = timezone.now()
    statuses = itertools.cycle(
        [Registration.Status.CONFIRMED] * 6
        + [Registration.Status.WAITING_LIST, Registration.Status.AWAITING_APPROVAL]
        + [Registration.Status.PENDING_EMAIL, Registration.Status.CANCELLED]
    )
    Registration.objects.bulk_create(
        (
            Registration(
                conference=conference,
                attendance_mode=(
                    Registration.AttendanceMode.IN_PERSON
                    if n % 4 == 0
                    else Registration.AttendanceMode.ONLINE
                ),
                status=next(statuses),
                given_name=f"Given{n}",
                family_name=f"Family{n}",
                email=f"attendee{n}@example.org",
                institution=f"University of Science {n % 50}",
                country=COUNTRIES[n % len(COUNTRIES)],
                privacy_consent_at=now,
                list_publicly=n % 3 == 0,
                email_confirmed_at=now,
            )
            for n in range(REGISTRATIONS)
        ),
        batch_size=500,
    )
    return conference


def main():
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("load_conference", verbosity=0)
    conference = fill()
    counts = {
        "sessions": conference.sessions.count(),
        "speakers": Speaker.objects.filter(sessions__conference=conference).distinct().count(),
        "registrations": conference.registrations.count(),
    }
    print(conference.slug, counts)


if __name__ == "__main__":
    main()

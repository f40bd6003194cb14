"""Benchmark of mass mail: 5,000 confirmed attendees told about moved sessions.

Run by `make bench-notify` (never against a real database): a fresh SQLite file under
bench/results/, or the database DATABASE_URL names (kept; the benchmark's conference is
reused). It measures, in one process with the production settings (DEBUG off):

- the admin's two requests: the confirmation page (count and preview) and the confirmation
  itself, which records the mailing and enqueues the task;
- the time until the database worker (django-tasks' `db_worker`) has queued every mail in
  django-mailer's queue, and its CPU time;
- the bytes django-mailer stores per message;
- for comparison, a mail as the first version built it inside the request (the whole
  programme's personal .ics attached), per message.

Prints the figures and writes bench/results/notify.json.
"""

import argparse
import datetime as dt
import functools
import json
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
sys.path.insert(0, str(BASE_DIR))

from production_env import use_production_settings  # noqa: E402

SLUG = "bench-notify-conference"
SESSIONS = 300
ATTENDEES = 5000
ROOMS = 6


def environment():
    use_production_settings("notify")


def fill():
    from django.db import transaction
    from django.utils import timezone

    from attending.models import JoinOption
    from events.models import Conference, Room, Session
    from registration.models import Registration
    from tests.factories import ConferenceFactory

    existing = Conference.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        starts = (timezone.now() + dt.timedelta(days=90)).replace(
            hour=2, minute=0, second=0, microsecond=0
        )
        conference = ConferenceFactory(
            slug=SLUG,
            title="Mass Mail Benchmark Conference",
            starts_at=starts,
            ends_at=starts + dt.timedelta(days=5, hours=12),
            in_person_capacity=ATTENDEES,
            online_url="https://conference.example.org/online",
        )
        rooms = Room.objects.bulk_create(
            Room(conference=conference, name=f"Room {n}", capacity=200) for n in range(ROOMS)
        )
        Session.objects.bulk_create(
            Session(
                conference=conference,
                title=f"Session {n}: universities of science and technology",
                slug=f"session-{n}",
                description="A session of the benchmark programme. " * 8,
                kind=Session.Kind.values[n % len(Session.Kind.values)],
                format=Session.Format.HYBRID,
                starts_at=starts + dt.timedelta(days=n // 60, hours=(n % 60) // ROOMS),
                ends_at=starts + dt.timedelta(days=n // 60, hours=(n % 60) // ROOMS, minutes=50),
                room=rooms[n % ROOMS],
            )
            for n in range(SESSIONS)
        )
        JoinOption.objects.bulk_create(
            JoinOption(
                session=session,
                platform=JoinOption.Platform.ZOOM,
                url=f"https://meet.example.org/{session.slug}",
                for_china=True,
                for_europe=True,
                for_russia=True,
                for_other=True,
            )
            for session in Session.objects.filter(conference=conference)
        )
        now = timezone.now()
        Registration.objects.bulk_create(
            (
                Registration(
                    conference=conference,
                    attendance_mode="in_person" if n % 4 == 0 else "online",
                    status=Registration.Status.CONFIRMED,
                    given_name=f"Given{n}",
                    family_name=f"Family{n}",
                    email=f"attendee{n}@example.org",
                    institution=f"University of Science {n % 50}",
                    country="RU",
                    privacy_consent_at=now,
                    email_confirmed_at=now,
                )
                for n in range(ATTENDEES)
            ),
            batch_size=500,
        )
    return conference


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def first_version_message(registration, news):
    """A mail as the first version built it: the attendee's whole personal .ics attached."""
    from mailer.models import email_to_db

    from registration.calendar import attendee_calendar
    from registration.emails import compose_message

    message = compose_message(
        registration,
        "emails/registration/programme_changed",
        {"sessions": news, "conference_news": None, "note": ""},
        ics=attendee_calendar(registration),
    )
    return len(email_to_db(message))


def main():
    global ATTENDEES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--compare", type=int, default=20, help="first-version mails to build (default 20)"
    )
    parser.add_argument(
        "--attendees",
        type=int,
        default=ATTENDEES,
        help=f"confirmed attendees to mail (default {ATTENDEES:,}; a fresh database each run)",
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of the worker's run to FILE"
    )
    args = parser.parse_args()
    ATTENDEES = args.attendees
    environment()

    import django

    django.setup()

    from django.conf import settings
    from django.test import override_settings

    # The admin's pages link static files; the benchmark does not run collectstatic.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        measure(args)


def measure(args):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from mailer.models import Message

    from messaging.models import AttendeeMailing
    from registration import notifications
    from tests.factories import prove_second_factor

    database = connection.vendor
    print(f"Preparing: migrate, {ATTENDEES:,} confirmed attendees, {SESSIONS} sessions ...")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    conference = fill()
    moved = list(conference.sessions.order_by("starts_at")[:3])
    recipients = notifications.confirmed_attendees(conference).count()

    user, _created = get_user_model().objects.get_or_create(
        username="bench-organiser", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    # The admin asks a superuser for a second factor: the session proves one, as a sign-in would.
    prove_second_factor(client, user)
    add = "/admin/messaging/attendeemailing/add/"
    form = {
        "conference": conference.pk,
        "about": "sessions",
        "sessions": [s.pk for s in moved],
        "note": "The morning sessions moved by an hour.",
    }
    page, preview_wall, _cpu = timed(lambda: client.post(add, form))
    assert page.status_code == 200, page.status_code
    key = re.search(r'name="key" value="([0-9a-f-]+)"', page.content.decode())[1]
    before = Message.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response, confirm_wall, _cpu = timed(
        lambda: client.post(add, {**form, "key": str(key), "_confirm": "Send"})
    )
    assert response.status_code == 302, response.status_code
    mailing = AttendeeMailing.objects.get(key=key)

    def work():
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )

    queries = []

    def count_query(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU: steadier on a shared machine
        work = functools.partial(profiler.runcall, work)
    with connection.execute_wrapper(count_query):
        _none, queue_wall, queue_cpu = timed(work)
    if args.profile:
        profiler.dump_stats(args.profile)
    mailing.refresh_from_db()
    assert mailing.state == "done", (mailing.state, mailing.failure)
    sizes = [
        len(data)
        for data in Message.objects.filter(id__gt=before).values_list("message_data", flat=True)
    ]
    assert len(sizes) == recipients == mailing.queued_count, (len(sizes), recipients)

    news = [notifications.session_news(s) for s in moved]
    sample = list(notifications.confirmed_attendees(conference)[: args.compare])
    old_sizes, old_wall, old_cpu = timed(lambda: [first_version_message(r, news) for r in sample])

    results = {
        "database": database,
        "recipients": recipients,
        "sessions": SESSIONS,
        "admin_preview_s": round(preview_wall, 3),
        "admin_confirm_s": round(confirm_wall, 3),
        "all_queued_s": round(queue_wall, 2),
        "all_queued_cpu_s": round(queue_cpu, 2),
        "worker_queries": len(queries),
        "cpu_per_mail_ms": round(queue_cpu / recipients * 1000, 2),
        "per_mail_ms": round(queue_wall / recipients * 1000, 2),
        "bytes_per_message_mean": round(statistics.mean(sizes)),
        "bytes_per_message_max": max(sizes),
        "first_version_cpu_per_mail_s": round(old_cpu / len(sample), 3),
        "first_version_bytes_per_message": round(statistics.mean(old_sizes)),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "notify.json").write_text(json.dumps(results, indent=2))

    kib = 1024
    print(f"\nMass mail: {recipients:,} confirmed attendees, {SESSIONS} sessions, {database}")
    print(f"  admin, confirmation page (count, preview)   {preview_wall:8.3f} s")
    print(f"  admin, confirm (mailing recorded, enqueued) {confirm_wall:8.3f} s")
    print(
        f"  worker, until all {recipients:,} mails are queued {queue_wall:8.2f} s"
        f" (CPU {queue_cpu:.2f} s, {results['per_mail_ms']:.2f} ms per mail,"
        f" CPU {results['cpu_per_mail_ms']:.2f} ms per mail, {len(queries):,} queries)"
    )
    print(
        f"  stored per message                          {statistics.mean(sizes) / kib:8.1f} KiB"
        f" (largest {max(sizes) / kib:.1f} KiB)"
    )
    print(
        f"  first version, per mail built in the request {old_cpu / len(sample):7.3f} s CPU,"
        f" {statistics.mean(old_sizes) / kib:.0f} KiB"
        f" (x {recipients:,}: {old_wall / len(sample) * recipients:.0f} s in one request)"
    )


if __name__ == "__main__":
    main()

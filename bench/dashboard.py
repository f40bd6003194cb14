"""Benchmark of the organisers' dashboard: the admin index of a conference with 5,000
registrations (tests/dashboard/sample.py spreads them over 60 days, 16 institutions in 12
countries) and 300 check-ins over three days.

Run by `make bench` (never against a real database): a fresh SQLite file under
bench/results/, or the database DATABASE_URL names (the benchmark's conference is reused).
In one process with the production settings (DEBUG off), as a member of the Registration
managers group, it renders /admin/ and /ru/admin/ (after one warm-up request each) and
prints the median and slowest server time of the renders and the number of queries; then
the same /admin/ for a content editor, who sees no dashboard, for comparison.

Prints the figures and writes bench/results/dashboard.json.
"""

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
sys.path.insert(0, str(BASE_DIR))

from production_env import use_production_settings  # noqa: E402

SLUG = "bench-dashboard-conference"
REGISTRATIONS = 5000


def environment():
    use_production_settings("dashboard")


def fill():
    from django.db import transaction
    from django.utils import timezone

    from attending.services import check_in
    from attending.tickets import ticket_for
    from events.models import Conference
    from registration.models import Registration
    from tests.dashboard import sample
    from tests.factories import ConferenceFactory

    existing = Conference.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    starts = timezone.now() - dt.timedelta(days=2, hours=1)
    with transaction.atomic():
        conference = ConferenceFactory(
            slug=SLUG,
            title="Dashboard Benchmark Conference",
            starts_at=starts,
            ends_at=starts + dt.timedelta(days=4),
            in_person_capacity=1500,
            online_capacity=5000,
        )
        sample.fill(conference, REGISTRATIONS, until=starts - dt.timedelta(days=7))
    guests = Registration.objects.filter(
        conference=conference, status="confirmed", attendance_mode="in_person"
    ).order_by("pk")[:100]
    for day in range(3):
        for guest in guests:
            check_in(
                ticket=ticket_for(guest), desk="Main hall", now=starts + dt.timedelta(days=day)
            )
    return conference


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20, help="renders per page (default 20)")
    args = parser.parse_args()
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
    from django.test.utils import CaptureQueriesContext

    from registration.models import Registration
    from teams.services import add_member

    print(f"Preparing: migrate, {REGISTRATIONS:,} registrations, 300 check-ins ...")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    conference = fill()
    user, created = get_user_model().objects.get_or_create(
        username="bench-manager", defaults={"is_staff": True}
    )
    if created:
        add_member(user=user, role="registration_manager", conference=conference)
    client = Client()
    client.force_login(user)
    # The same admin index without the dashboard (a content editor's), for comparison.
    editor, created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    if created:
        add_member(user=editor, role="content_editor", conference=conference)
    without = Client()
    without.force_login(editor)

    results = {
        "database": connection.vendor,
        "registrations": Registration.objects.filter(conference=conference).count(),
    }
    pages = (
        ("en", client, f"/admin/?conference={conference.pk}"),
        ("ru", client, "/ru/admin/"),
        ("en_without_dashboard", without, "/admin/"),
    )
    for name, client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        assert (b"dashboard-svg" in response.content) == (name != "en_without_dashboard")
        times = []
        for _ in range(args.renders):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
        }
        print(
            f"{name}: {path} with {results['registrations']:,} registrations "
            f"({results['database']}): median {results[name]['median_ms']} ms, "
            f"slowest {results[name]['max_ms']} ms, {results[name]['queries']} queries, "
            f"{results[name]['bytes']:,} bytes"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dashboard.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

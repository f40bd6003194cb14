"""Benchmark of documents: 1,000 name badges and 1,000 certificates of attendance.

Run by `make bench` and `make bench-documents` (never against a real database): a fresh
SQLite file under bench/results/, or the database DATABASE_URL names (kept; the benchmark's
conference is reused). Names cycle through Latin, Cyrillic and Chinese, so every font is
used. It measures, in one process with the production settings (DEBUG off):

- badges: a print run of every badge holder, as the admin starts it, made by the task
  worker (`db_worker`): one WeasyPrint document per chunk of 200, joined into one PDF; A6
  and four to an A4 sheet;
- certificates: one PDF per person, as each downloads theirs from the manage page (the
  fonts and stylesheets are loaded once per process and shared).

Prints the figures and writes bench/results/documents.json.
"""

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
sys.path.insert(0, str(BASE_DIR))

from production_env import use_production_settings  # noqa: E402

SLUG = "bench-documents-conference"
NAMES = [
    ("Jane", "Doe", "Delft University of Technology", "NL", "en"),
    ("Иван", "Петров", "Томский политехнический университет", "RU", "ru"),
    ("小明", "王", "哈尔滨工业大学", "CN", "zh-hans"),
]


def environment():
    use_production_settings(
        "documents", PRIVATE_MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-documents-")
    )


def fill(count):
    from django.db import transaction
    from django.utils import timezone

    from events.models import Conference
    from registration.models import Registration
    from tests.factories import ConferenceFactory

    existing = Conference.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        starts = timezone.now() - dt.timedelta(days=6)
        conference = ConferenceFactory(
            slug=SLUG,
            title="Documents Benchmark Conference",
            starts_at=starts,
            ends_at=starts + dt.timedelta(days=4),
            in_person_capacity=count,
        )
        now = timezone.now()
        Registration.objects.bulk_create(
            (
                Registration(
                    conference=conference,
                    attendance_mode="in_person",
                    status=Registration.Status.CONFIRMED,
                    given_name=NAMES[n % 3][0],
                    family_name=f"{NAMES[n % 3][1]}{n}",
                    email=f"attendee{n}@example.org",
                    institution=NAMES[n % 3][2],
                    country=NAMES[n % 3][3],
                    language=NAMES[n % 3][4],
                    privacy_consent_at=now,
                    email_confirmed_at=now,
                )
                for n in range(count)
            ),
            batch_size=500,
        )
    return conference


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def badge_run(conference, layout):
    from django.core.management import call_command
    from django.db import transaction

    from documents import services
    from jobs.models import Job

    with transaction.atomic():
        job = services.start_badge_batch(conference=conference, layout=layout)
    _none, wall, cpu = timed(
        lambda: call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    )
    job = Job.objects.get(pk=job.pk)
    assert job.state == Job.State.DONE, (job.state, job.message)
    # The stored file is sealed (jobs/sealing.py): a few dozen bytes more than the PDF.
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "badges": job.progress_done,
        "bytes": job.result_file.size,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="badges and certificates")
    args = parser.parse_args()
    environment()

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from documents import pdf, printing, services
    from registration.models import Registration

    print(f"Preparing: migrate, {args.count:,} confirmed in-person attendees ...")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    conference = fill(args.count)
    for registration in services.badge_holders(conference):
        services.decide_certificate(
            registration=registration, decision="issued", reason="Benchmark."
        )

    # Fonts and stylesheets load once per process: measured apart from the documents.
    _none, load_wall, _cpu = timed(pdf._weasyprint)
    a6 = badge_run(conference, "a6")
    a4 = badge_run(conference, "a4")

    people = list(
        Registration.objects.filter(conference=conference)
        .select_related("conference")
        .order_by("id")[: args.count]
    )
    sizes, cert_wall, cert_cpu = timed(
        lambda: [len(printing.certificate_pdf(person)) for person in people]
    )
    results = {
        "database": connection.vendor,
        "count": args.count,
        "fonts_and_styles_load_s": round(load_wall, 2),
        "badges_a6_s": round(a6["wall_s"], 2),
        "badges_a6_per_badge_ms": round(a6["wall_s"] / a6["badges"] * 1000, 1),
        "badges_a6_mib": round(a6["bytes"] / 2**20, 2),
        "badges_a4_s": round(a4["wall_s"], 2),
        "badges_a4_per_badge_ms": round(a4["wall_s"] / a4["badges"] * 1000, 1),
        "badges_a4_mib": round(a4["bytes"] / 2**20, 2),
        "certificates_s": round(cert_wall, 2),
        "certificates_cpu_s": round(cert_cpu, 2),
        "certificate_ms": round(cert_wall / len(people) * 1000, 1),
        "certificate_kib": round(sum(sizes) / len(sizes) / 1024, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "documents.json").write_text(json.dumps(results, indent=2))

    n = args.count
    print(f"\nDocuments: {n:,} people, names in Latin, Cyrillic, Chinese; {results['database']}")
    print(f"  fonts and stylesheets, once per process    {load_wall:8.2f} s")
    print(
        f"  {n:,} badges, A6, task worker               {a6['wall_s']:8.2f} s"
        f" ({results['badges_a6_per_badge_ms']:.1f} ms per badge, {results['badges_a6_mib']} MiB)"
    )
    print(
        f"  {n:,} badges, 4 per A4 sheet, task worker   {a4['wall_s']:8.2f} s"
        f" ({results['badges_a4_per_badge_ms']:.1f} ms per badge, {results['badges_a4_mib']} MiB)"
    )
    print(
        f"  {n:,} certificates, one PDF each            {cert_wall:8.2f} s"
        f" ({results['certificate_ms']:.1f} ms per certificate, {results['certificate_kib']} KiB)"
    )


if __name__ == "__main__":
    main()

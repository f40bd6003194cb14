"""Benchmark of a cold programme page: 300 sessions (bench/fill.py's large conference),
each render in a zone nobody asked for before, so the page cache has no copy of it.

Run by `make bench` and `make bench-programme` (never against a real database): a fresh
SQLite file under bench/results/, or the database DATABASE_URL names (the benchmark's
conference is reused). In one process with the production settings (DEBUG off) and the
page cache on, as a browser (Accept-Encoding: gzip) whose zone cookie names a new IANA
zone on every request, it renders the programme page in English, Russian and Chinese
and prints the median, 90th percentile and slowest server time of the renders, the
median CPU time of this process (steadier than the clock on a machine others share) and
the number of queries. A few warm-up renders per language come first: they build what a
process builds once (templates, the zone list) and what it builds once per content
version (the programme's rows, events.programme_rows.programme_page_sessions), which
the first page after an organiser's save pays for. Each render includes storing the page
in the shared cache (CACHE_URL; a table in the database by default).

Prints the figures and writes bench/results/programme.json.
"""

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
sys.path.insert(0, str(BASE_DIR))

from production_env import use_production_settings  # noqa: E402

WARM_UP = 5
# What every browser sends (and wrk in bench/run.py): the page cache answers it gzipped.
BROWSER = {"accept-encoding": "gzip, deflate, br"}
# The bench's goal for the English page (issue "Every conference its own").
TARGET_MS = 50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=60, help="renders per language (default 60)")
    args = parser.parse_args()
    use_production_settings("programme")

    import django

    django.setup()

    from django.conf import settings
    from django.test import override_settings

    # The page links static files; the benchmark does not run collectstatic.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        measure(args)


def fresh_zones():
    """Every IANA zone, in a fixed shuffled order: each render takes the next one."""
    import zoneinfo

    zones = sorted(zoneinfo.available_timezones())
    random.Random(300).shuffle(zones)
    return iter(zones)


def measure(args):
    import fill
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events import page_cache
    from events.programme_zone import ZONE_COOKIE

    print("Preparing: migrate and the large conference (300 sessions) ...")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    conference = fill.fill()
    sessions = conference.sessions.count()
    # Nothing cached from an earlier run against a kept database counts: a new content
    # version, as after an organiser's save (the warm-up renders pay for it).
    page_cache.invalidate_public_pages()
    zones = fresh_zones()
    results = {"database": connection.vendor, "sessions": sessions}
    for language, prefix in (("en", ""), ("ru", "/ru"), ("zh-hans", "/zh-hans")):
        path = f"{prefix}/events/{conference.slug}/programme/"
        times, cpu_times, queries = [], [], []
        for n in range(WARM_UP + args.renders):
            zone = next(zones)
            client = Client()
            client.cookies[ZONE_COOKIE] = zone
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(path, headers=BROWSER)
                elapsed = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - cpu_started) * 1000
            assert response.status_code == 200, (path, zone, response.status_code)
            page = gzip.decompress(response.content)
            assert f'data-current-zone="{zone}"'.encode() in page, zone
            if n >= WARM_UP:
                times.append(elapsed)
                cpu_times.append(cpu)
                queries.append(len(captured.captured_queries))
        times.sort()
        results[language] = {
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(len(times) * 0.9)], 1),
            "max_ms": round(max(times), 1),
            # The process's own CPU time: what the figure is on a quiet machine, when
            # others' work shares the cores.
            "cpu_median_ms": round(statistics.median(cpu_times), 1),
            "queries": max(queries),
            "bytes": len(page),
            "gzipped_bytes": len(response.content),
        }
        row = results[language]
        verdict = ""
        if language == "en":
            verdict = (
                f" (target < {TARGET_MS} ms: {'ok' if row['median_ms'] < TARGET_MS else 'MISSED'})"
            )
        print(
            f"cold programme page, {language}: {path}, {sessions} sessions, a new zone each "
            f"time ({results['database']}): median {row['median_ms']} ms{verdict}, "
            f"p90 {row['p90_ms']} ms, slowest {row['max_ms']} ms, CPU median "
            f"{row['cpu_median_ms']} ms, {row['queries']} queries, "
            f"{row['bytes']:,} bytes ({row['gzipped_bytes']:,} gzipped)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "programme.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

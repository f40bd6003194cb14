"""Registrations per second through the form, on the database DATABASE_URL names.

Not a test: it prints figures. It creates a throwaway test database (``test_<name>``),
fills in the real registration form from several threads at once with Django's test client
(the whole request stack: middleware, CSRF-exempt client, form, service, the mail queue in
the database as in production), then follows every confirmation link the same way, and
checks the outcome: exactly `capacity` confirmed in person, the rest on the waiting list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/conference \\
        .venv/bin/python bench/registration_rate.py --people 400 --threads 8 --capacity 100

No HTTP server is involved (for that, see `make bench`, which drives gunicorn with wrk).
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference_site.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use")
os.environ.setdefault("VISA_ENCRYPTION_KEYS", "bench-only-visa-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SITE_URL", "https://conference.example.org")
os.environ.setdefault("CACHE_URL", "locmemcache://bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# Every request comes from one address; the per-address limit would measure itself.
os.environ["FORM_RATE_LIMIT"] = "1000000/h"


def run_threads(count, work):
    """Splits range(count) over the threads; returns wall-clock seconds."""
    from django.db import connections

    if len(work) == 1:  # one thread: run in the main thread (a profiler then sees it)
        start = time.perf_counter()
        work[0]()
        return time.perf_counter() - start
    barrier = threading.Barrier(len(work))
    errors = []

    def runner(job):
        try:
            barrier.wait()
            job()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(job,)) for job in work]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--capacity", type=int, default=100)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from mailer.models import Message

        from registration.models import MemberDomain, MemberInstitution, Registration
        from tests.factories import ConferenceFactory

        conference = ConferenceFactory(slug="bench-registration", in_person_capacity=args.capacity)
        tpu = MemberInstitution.objects.create(name="Tomsk Polytechnic University")
        MemberDomain.objects.create(institution=tpu, domain="tpu.ru")
        path = f"/events/{conference.slug}/register/"

        clients = [Client() for _ in range(args.threads)]
        for client in clients:  # warm up: middleware built, templates compiled
            assert client.get(path).status_code == 200

        def submit(client, numbers):
            def job():
                for n in numbers:
                    response = client.post(
                        path,
                        {
                            "attendance_mode": "in_person",
                            "given_name": "Анна",
                            "family_name": f"Иванова {n}",
                            "email": f"person{n}@tpu.ru",
                            "institution": "Tomsk Polytechnic University",
                            "country": "RU",
                            "privacy_consent": "on",
                        },
                    )
                    assert response.status_code == 302, response.status_code

            return job

        def confirm(client, tokens):
            def job():
                for token in tokens:
                    url = f"/registration/manage/{token}/confirm/"
                    response = client.post(url, {"confirm": "True"})
                    assert response.status_code == 302, response.status_code

            return job

        numbers = list(range(args.people))
        shares = [numbers[i :: args.threads] for i in range(args.threads)]
        submit_seconds = run_threads(
            args.people, [submit(c, s) for c, s in zip(clients, shares, strict=True)]
        )
        tokens = [r.manage_token for r in Registration.objects.all()]
        token_shares = [tokens[i :: args.threads] for i in range(args.threads)]
        confirm_seconds = run_threads(
            args.people, [confirm(c, s) for c, s in zip(clients, token_shares, strict=True)]
        )

        confirmed = Registration.objects.filter(status="confirmed").count()
        waiting = Registration.objects.filter(status="waiting_list").count()
        print(f"database: {connection.vendor}, threads: {args.threads}, people: {args.people}")
        print(
            f"form submissions: {args.people / submit_seconds:.1f} registrations/s "
            f"({submit_seconds:.2f} s)"
        )
        print(
            f"email confirmations (seat decided under the lock): "
            f"{args.people / confirm_seconds:.1f} /s ({confirm_seconds:.2f} s)"
        )
        total = submit_seconds + confirm_seconds
        print(f"complete registrations (submit + confirm): {args.people / total:.1f} /s")
        print(
            f"outcome: {confirmed} confirmed (capacity {args.capacity}), {waiting} waiting, "
            f"{Message.objects.count()} mails queued"
        )
        expected_confirmed = min(args.capacity, args.people)
        assert confirmed == expected_confirmed, confirmed
        assert waiting == args.people - expected_confirmed, waiting
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

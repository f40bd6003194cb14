"""Registrations that look like a real conference's, in bulk: for the dashboard's browser
test and the screenshot in docs/organising.md (tests/e2e/test_dashboard.py) and its
benchmark (bench/dashboard.py).

Deterministic (no random numbers): the n-th person's country, institution, mode and status
come from weighted cycles, and arrivals spread over the `days` before `until`, more of
them near the end, as registrations do before a deadline.
"""

import datetime as dt
import itertools
from collections import defaultdict

from registration.models import Registration

# (country, institution, weight)
PLACES = [
    ("RU", "Tomsk Polytechnic University", 14),
    ("RU", "Tomsk State University", 6),
    ("RU", "Novosibirsk State University", 4),
    ("CN", "Tsinghua University", 6),
    ("CN", "Harbin Institute of Technology", 5),
    ("CN", "Zhejiang University", 3),
    ("KZ", "Al-Farabi Kazakh National University", 4),
    ("DE", "Technische Universität Dresden", 3),
    ("FR", "Université Grenoble Alpes", 2),
    ("IT", "Politecnico di Milano", 2),
    ("IN", "Indian Institute of Technology Bombay", 3),
    ("VN", "Hanoi University of Science and Technology", 2),
    ("BY", "Belarusian State University", 2),
    ("UZ", "Tashkent State Technical University", 2),
    ("MN", "Mongolian University of Science and Technology", 1),
    ("US", "Massachusetts Institute of Technology", 1),
]
STATUSES = (
    ["confirmed"] * 15 + ["waiting_list"] * 2 + ["pending_email", "awaiting_approval", "cancelled"]
)
MODES = ["online", "in_person", "online"]


def _weighted(pairs):
    return [item for item, weight in pairs for _ in range(weight)]


def fill(conference, size, *, until, days=60):
    """Adds `size` registrations to `conference`, arriving over the `days` before `until`."""
    places = _weighted([((country, name), weight) for country, name, weight in PLACES])
    people = zip(
        range(size),
        itertools.cycle(places),
        itertools.cycle(STATUSES),
        itertools.cycle(MODES),
        strict=False,
    )
    made = Registration.objects.bulk_create(
        Registration(
            conference=conference,
            attendance_mode=mode,
            status=status,
            waiting_since=until if status == "waiting_list" else None,
            given_name="Анна",
            family_name=f"Иванова {n}",
            email=f"sample{n}@example.org",
            institution=institution,
            country=country,
            privacy_consent_at=until,
        )
        for n, (country, institution), status, mode in people
    )
    # created_at is set on insert; move each person to their day (one UPDATE per day).
    by_day = defaultdict(list)
    for n, registration in enumerate(made):
        # The share of the period gone grows as the square root: most arrive late.
        share = ((n + 1) / size) ** 0.5
        by_day[round(share * days)].append(registration.pk)
    for day, pks in by_day.items():
        Registration.objects.filter(pk__in=pks).update(
            created_at=until - dt.timedelta(days=days - day, hours=(day * 7) % 24)
        )
    return made

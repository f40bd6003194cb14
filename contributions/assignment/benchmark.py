"""Checking and measuring the assignment of reviewers (contributions.assignment): the spread
of loads per track, seeded random instances, and the benchmark `make bench-contributions` runs."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable

from contributions.assignment.data import Bid, Contribution, Result, Reviewer
from contributions.assignment.passes import assign

# --- Checking and measuring ------------------------------------------------------------------


def track_spread(result: Result, reviewers: Iterable[Reviewer]) -> dict:
    """Per track, max - min load among its reviewers, leaving out from the minimum those who
    reached their capacity (they could take no more)."""
    members = defaultdict(list)
    for reviewer in reviewers:
        for track in reviewer.tracks:
            members[track].append(reviewer)
    spread = {}
    for track, group in members.items():
        loads = [result.load[r.id] for r in group]
        open_loads = [
            result.load[r.id] for r in group if r.capacity is None or result.load[r.id] < r.capacity
        ]
        spread[track] = max(loads) - min(open_loads) if open_loads else 0
    return spread


def random_instance(
    n_contributions: int = 200,
    n_reviewers: int = 20,
    *,
    seed: int = 0,
    n_tracks: int = 4,
    n_institutions: int = 12,
    bid_rate: float = 0.05,
    capacity: int | None = None,
    conflicts: bool = True,
):
    """A seeded random instance: (contributions, reviewers, bids). With `conflicts` off, no
    author shares an institution or domain with a reviewer and no one bids CANNOT."""
    rng = random.Random(seed)  # noqa: S311 (made-up test data, not secrets)
    tracks = [f"t{i}" for i in range(n_tracks)]
    institutions = [f"University {i}" for i in range(n_institutions)]
    domains = [f"u{i}.edu" for i in range(n_institutions)]
    reviewers = []
    for i in range(n_reviewers):
        k = rng.randrange(n_institutions)
        reviewer_tracks = {tracks[i % n_tracks]}
        if rng.random() < 0.3:
            reviewer_tracks.add(rng.choice(tracks))
        reviewers.append(
            Reviewer(
                id=i,
                institution=institutions[k] if conflicts else f"Reviewer Institute {i}",
                mail_domain=(
                    ("gmail.com" if rng.random() < 0.2 else domains[k])
                    if conflicts
                    else f"ri{i}.org"
                ),
                tracks=frozenset(reviewer_tracks),
                declared_conflicts=frozenset(
                    {rng.randrange(n_contributions)} if conflicts and rng.random() < 0.2 else ()
                ),
                capacity=capacity,
            )
        )
    contributions = []
    for j in range(n_contributions):
        ks = rng.sample(range(n_institutions), rng.randint(1, 3))
        co_authors = (
            frozenset({rng.randrange(n_reviewers)}) if conflicts and rng.random() < 0.1 else ()
        )
        contributions.append(
            Contribution(
                id=j,
                track=rng.choice(tracks),
                author_institutions=frozenset(institutions[k] for k in ks) if conflicts else (),
                author_mail_domains=frozenset(
                    [domains[k] for k in ks] + (["mail.ru"] if rng.random() < 0.3 else [])
                )
                if conflicts
                else frozenset({"qq.com"}),
                author_reviewer_ids=frozenset(co_authors),
            )
        )
    bids = {}
    choices = [Bid.WANT, Bid.CAN, Bid.CANNOT] if conflicts else [Bid.WANT, Bid.CAN]
    for reviewer in reviewers:
        for contribution in contributions:
            if contribution.track in reviewer.tracks and rng.random() < bid_rate:
                bids[reviewer.id, contribution.id] = rng.choice(choices)
    return contributions, reviewers, bids


def bench(n_contributions: int = 1000, n_reviewers: int = 100, target: int = 3, seed: int = 0):
    """Time one assignment on a random instance; returns CPU seconds and what came out."""
    contributions, reviewers, bids = random_instance(
        n_contributions, n_reviewers, seed=seed, n_tracks=5, n_institutions=30
    )
    started = time.process_time()
    result = assign(contributions, reviewers, target=target, bids=bids)
    elapsed = time.process_time() - started
    loads = list(result.load.values())
    wants = sum(1 for pair in result.pairs if bids.get(pair) == Bid.WANT)
    return {
        "cpu_seconds": round(elapsed, 4),
        "contributions": n_contributions,
        "reviewers": n_reviewers,
        "target": target,
        "pairs": len(result.pairs),
        "short": len(result.short),
        "load_min": min(loads),
        "load_max": max(loads),
        "max_track_spread": max(track_spread(result, reviewers).values()),
        "want_bids": sum(1 for b in bids.values() if b == Bid.WANT),
        "want_bids_granted": wants,
    }

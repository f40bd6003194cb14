"""Automatic assignment of reviewers to contributions (issue 20, "Review").

A pure module: plain dataclasses in, plain dataclasses out, no models and no database, so the
services of the contributions app turn their rows into these objects, call `assign()` and save
the pairs it returns (and show the shortfalls to the organiser).

The rules, in the order they apply:

1. A reviewer reviews only contributions of a track they review (`Reviewer.tracks`).
2. Never a conflict (`conflict()` says which): the same institution as any author, the same
   mail domain as any author (or one a subdomain of the other; public mail services such as
   gmail.com or mail.ru are not an affiliation and are ignored, `PUBLIC_MAIL_DOMAINS`), a
   co-author, a conflict the reviewer declared, or a CANNOT bid.
3. Each contribution gets `target` reviewers, counting the pairs the organiser fixed by hand
   (`fixed`, kept as given, even one that breaks a rule: it is reported, not removed).
4. Balanced load: a reviewer's load is every pair they hold (fixed ones included, all tracks);
   the least loaded eligible reviewer is taken first, never beyond `Reviewer.capacity`.
5. Preference: among reviewers of equal load, WANT before CAN before no bid; afterwards a
   pair moves to a reviewer who wants it more when the move leaves the two loads within one of
   each other (it never widens the spread), and two reviewers exchange pairs when both get
   more of what they bid for (their loads do not change).
6. Deterministic: the same input gives the same output, whatever the order of the input;
   ties are broken by id (so the ids of reviewers, like those of contributions, must be of
   one kind that sorts: all ints or all strings).

Institution names and mail domains are compared after `normalise()` (NFKC, invisible
characters removed, casefolded, spaces collapsed), so "МГУ\u200b" and "мгу" are one.
"""

from __future__ import annotations

import contextlib
import enum
import heapq
import random
import time
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

Id = Hashable

# Mail services anyone can sign up to: a shared domain there says nothing about affiliation.
# Subdomains count too (vip.qq.com, vip.163.com).
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.com",
        "zoho.com",
        "mail.ru",
        "bk.ru",
        "list.ru",
        "inbox.ru",
        "internet.ru",
        "yandex.ru",
        "yandex.com",
        "ya.ru",
        "rambler.ru",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
    }
)


class Bid(enum.StrEnum):
    """A reviewer's bid on a contribution; the values suit a model's `choices`."""

    WANT = "want"
    CAN = "can"
    CANNOT = "cannot"


# Lower is preferred; no bid comes after CAN.
_PREFERENCE = {Bid.WANT: 0, Bid.CAN: 1}
_NO_BID = 2


class Conflict(enum.StrEnum):
    """Why a reviewer may not review a contribution (the first reason that applies)."""

    CO_AUTHOR = "co_author"
    DECLARED = "declared"
    CANNOT_BID = "cannot_bid"
    INSTITUTION = "institution"
    MAIL_DOMAIN = "mail_domain"


class Shortfall(enum.StrEnum):
    """Why a contribution is left with fewer reviewers than the target."""

    # No reviewer reviews the contribution's track.
    NO_REVIEWERS_IN_TRACK = "no_reviewers_in_track"
    # The track has reviewers, but too few of them are free of conflicts (CANNOT bids included).
    TOO_FEW_ELIGIBLE = "too_few_eligible"
    # Enough eligible reviewers, but those left have reached their capacity.
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Reviewer:
    id: Id
    institution: str = ""
    mail_domain: str = ""
    tracks: frozenset = frozenset()
    declared_conflicts: frozenset = frozenset()  # contribution ids
    capacity: int | None = None  # most pairs in all, fixed ones included; None: no limit


@dataclass(frozen=True)
class Contribution:
    id: Id
    track: Id
    author_institutions: frozenset = frozenset()
    author_mail_domains: frozenset = frozenset()
    author_reviewer_ids: frozenset = frozenset()  # reviewers who co-author it


@dataclass(frozen=True)
class Short:
    """A contribution left short of the target, with the counts behind the reason."""

    contribution_id: Id
    assigned: int  # fixed and new pairs it holds
    target: int
    reason: Shortfall
    in_track: int  # reviewers of its track
    eligible: int  # of those, free of conflicts


@dataclass(frozen=True)
class FixedViolation:
    """A pair fixed by hand that breaks a rule: kept, but the organiser should know."""

    reviewer_id: Id
    contribution_id: Id
    reason: str  # a Conflict value, "other_track" or "over_capacity"


@dataclass(frozen=True)
class Result:
    pairs: tuple  # the new (reviewer_id, contribution_id) pairs, sorted
    short: tuple  # Short, sorted by contribution id
    load: Mapping = field(default_factory=dict)  # reviewer id -> pairs held, fixed included
    fixed_violations: tuple = ()


# --- Normalisation ---------------------------------------------------------------------------


def normalise(text: str | None) -> str:
    """The form in which two institution names (or domains) are compared: NFKC, without
    invisible format characters (U+200B, U+FEFF, U+00AD, U+2060...), casefolded, with runs of
    whitespace made one space and the ends stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())


def normalise_domain(text: str | None) -> str:
    """A mail domain (or a whole address) as compared: normalised, the part after the last
    "@", without the dots at its ends, international names in their ASCII (punycode) form."""
    text = normalise(text).replace(" ", "")
    text = text.rsplit("@", 1)[-1].strip(".")
    if text and not text.isascii():
        with contextlib.suppress(UnicodeError):  # not a valid name: compared as written
            text = text.encode("idna").decode("ascii")
    return text


def _suffixes(domain: str) -> list[str]:
    """The domain and every parent made of two labels or more: a.b.c.org -> a.b.c.org, b.c.org,
    c.org."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)] or [domain]


def is_public_domain(domain: str) -> bool:
    return any(s in PUBLIC_MAIL_DOMAINS for s in _suffixes(domain))


def _affiliation_domains(domains: Iterable[str]) -> frozenset:
    """The normalised domains that say something about affiliation (public ones left out)."""
    found = (normalise_domain(raw) for raw in domains)
    return frozenset(d for d in found if d and not is_public_domain(d))


# --- Conflicts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PreparedReviewer:
    reviewer: Reviewer
    institution: str
    domain: str  # "" when none or public
    domains: frozenset  # that domain and its parents


@dataclass(frozen=True)
class _PreparedContribution:
    contribution: Contribution
    institutions: frozenset
    domains: frozenset  # the authors' domains, public ones left out
    parents: frozenset  # those domains and their parents


def _prepare_reviewer(reviewer: Reviewer) -> _PreparedReviewer:
    domain = next(iter(_affiliation_domains([reviewer.mail_domain])), "")
    return _PreparedReviewer(
        reviewer,
        normalise(reviewer.institution),
        domain,
        frozenset(_suffixes(domain)) if domain else frozenset(),
    )


def _prepare_contribution(contribution: Contribution) -> _PreparedContribution:
    institutions = frozenset(
        name for name in map(normalise, contribution.author_institutions) if name
    )
    domains = _affiliation_domains(contribution.author_mail_domains)
    return _PreparedContribution(
        contribution, institutions, domains, frozenset(s for d in domains for s in _suffixes(d))
    )


def _conflict(r: _PreparedReviewer, c: _PreparedContribution, bid) -> Conflict | None:
    reviewer, contribution = r.reviewer, c.contribution
    if reviewer.id in contribution.author_reviewer_ids:
        return Conflict.CO_AUTHOR
    if contribution.id in reviewer.declared_conflicts:
        return Conflict.DECLARED
    if bid == Bid.CANNOT:
        return Conflict.CANNOT_BID
    if r.institution and r.institution in c.institutions:
        return Conflict.INSTITUTION
    # Shared domains: the same domain, or one under the other (cs.msu.ru and msu.ru); a common
    # parent alone is not one (ox.ac.uk and cam.ac.uk share only "ac.uk").
    if r.domain and (r.domain in c.parents or not r.domains.isdisjoint(c.domains)):
        return Conflict.MAIL_DOMAIN
    return None


def conflict(reviewer: Reviewer, contribution: Contribution, bid=None) -> Conflict | None:
    """Why `reviewer` may not review `contribution` (None when they may); the track is not
    checked here. `bid` is the reviewer's bid on it, if any."""
    return _conflict(_prepare_reviewer(reviewer), _prepare_contribution(contribution), _as_bid(bid))


def _as_bid(value) -> Bid | None:
    if value is None or value == "":
        return None
    try:
        return Bid(value)
    except ValueError:
        raise ValueError(f"unknown bid {value!r}: use one of {[b.value for b in Bid]}") from None


# --- Assignment ------------------------------------------------------------------------------


def assign(
    contributions: Iterable[Contribution],
    reviewers: Iterable[Reviewer],
    *,
    target: int = 3,
    bids: Mapping | None = None,
    fixed: Iterable = (),
) -> Result:
    """Choose reviewers so each contribution has `target` of them (see the module's rules).

    `bids` maps (reviewer_id, contribution_id) to a Bid (or its value); bids on unknown ids are
    ignored (a stale bid harms nothing). `fixed` holds (reviewer_id, contribution_id) pairs set
    by hand: kept, counted in the loads and towards the target. Raises ValueError on bad input
    (a negative target or capacity, a repeated id, a fixed pair naming an unknown id).
    """
    if isinstance(target, bool) or not isinstance(target, int) or target < 0:
        raise ValueError(f"target must be a whole number, 0 or more, not {target!r}")
    contributions = list(contributions)
    reviewers = list(reviewers)
    by_contribution = _unique(contributions, "contribution")
    by_reviewer = _unique(reviewers, "reviewer")
    for reviewer in reviewers:
        if reviewer.capacity is not None and (
            isinstance(reviewer.capacity, bool)
            or not isinstance(reviewer.capacity, int)
            or reviewer.capacity < 0
        ):
            raise ValueError(
                f"reviewer {reviewer.id!r}: capacity must be None or a whole number, 0 or more"
            )
    bid_of = {}
    for (reviewer_id, contribution_id), value in (bids or {}).items():
        bid = _as_bid(value)
        if bid is not None and reviewer_id in by_reviewer and contribution_id in by_contribution:
            bid_of[reviewer_id, contribution_id] = bid

    prepared_reviewers = {r.id: _prepare_reviewer(r) for r in reviewers}
    prepared_contributions = {c.id: _prepare_contribution(c) for c in contributions}
    track_reviewers = defaultdict(list)
    for reviewer in sorted(reviewers, key=lambda r: r.id):
        for track in reviewer.tracks:
            track_reviewers[track].append(reviewer.id)

    load = {r.id: 0 for r in reviewers}
    holders = defaultdict(set)  # contribution id -> reviewer ids (fixed and new)
    violations = []
    for pair in dict.fromkeys(tuple(p) for p in fixed):
        reviewer_id, contribution_id = pair
        if reviewer_id not in by_reviewer:
            raise ValueError(f"fixed pair {pair!r}: no reviewer {reviewer_id!r}")
        if contribution_id not in by_contribution:
            raise ValueError(f"fixed pair {pair!r}: no contribution {contribution_id!r}")
        load[reviewer_id] += 1
        holders[contribution_id].add(reviewer_id)
        reason = _conflict(
            prepared_reviewers[reviewer_id],
            prepared_contributions[contribution_id],
            bid_of.get(pair),
        )
        if reason is None and by_contribution[contribution_id].track not in (
            by_reviewer[reviewer_id].tracks
        ):
            reason = "other_track"
        if reason is not None:
            violations.append(FixedViolation(reviewer_id, contribution_id, str(reason)))
    for reviewer in reviewers:
        if reviewer.capacity is not None and load[reviewer.id] > reviewer.capacity:
            violations.extend(
                FixedViolation(reviewer.id, cid, "over_capacity")
                for cid in sorted(c for c, held in holders.items() if reviewer.id in held)
            )

    def spare(reviewer_id) -> bool:
        capacity = by_reviewer[reviewer_id].capacity
        return capacity is None or load[reviewer_id] < capacity

    # Who may review what: in the track, no conflict, not already holding it.
    eligible = {}  # contribution id -> sorted reviewer ids free of conflicts (holders included)
    for contribution in contributions:
        prepared = prepared_contributions[contribution.id]
        eligible[contribution.id] = [
            reviewer_id
            for reviewer_id in track_reviewers.get(contribution.track, ())
            if _conflict(
                prepared_reviewers[reviewer_id],
                prepared,
                bid_of.get((reviewer_id, contribution.id)),
            )
            is None
        ]
    eligible_sets = {cid: frozenset(ids) for cid, ids in eligible.items()}

    def preference(reviewer_id, contribution_id) -> int:
        bid = bid_of.get((reviewer_id, contribution_id))
        return _PREFERENCE[bid] if bid is not None else _NO_BID

    # Greedy: the hardest contributions (fewest eligible reviewers) first; each takes the least
    # loaded eligible reviewers, preference and then id breaking ties.
    new = defaultdict(set)  # contribution id -> reviewer ids added here
    order = sorted(contributions, key=lambda c: (len(eligible[c.id]), c.id))
    for contribution in order:
        cid = contribution.id
        need = target - len(holders[cid])
        if need <= 0:
            continue
        chosen = heapq.nsmallest(
            need,
            (
                (load[rid], preference(rid, cid), rid)
                for rid in eligible[cid]
                if rid not in holders[cid] and spare(rid)
            ),
        )
        for _, _, rid in chosen:
            load[rid] += 1
            holders[cid].add(rid)
            new[cid].add(rid)

    _prefer_bids(new, holders, eligible, load, spare, preference)
    _rebalance(
        track_reviewers, by_contribution, eligible_sets, holders, new, load, spare, preference
    )
    _swap_for_bids(new, holders, eligible_sets, preference, bid_of)

    short = []
    for contribution in sorted(contributions, key=lambda c: c.id):
        held = len(holders[contribution.id])
        if held >= target:
            continue
        in_track = len(track_reviewers.get(contribution.track, ()))
        n_eligible = len(eligible_sets[contribution.id] | holders[contribution.id])
        if in_track == 0:
            reason = Shortfall.NO_REVIEWERS_IN_TRACK
        elif n_eligible < target:
            reason = Shortfall.TOO_FEW_ELIGIBLE
        else:
            reason = Shortfall.CAPACITY
        short.append(Short(contribution.id, held, target, reason, in_track, n_eligible))

    pairs = tuple(sorted((rid, cid) for cid, ids in new.items() for rid in ids))
    violations.sort(key=lambda v: (v.reviewer_id, v.contribution_id, v.reason))
    return Result(pairs, tuple(short), dict(load), tuple(violations))


def _unique(items: list, kind: str) -> dict:
    found = {}
    for item in items:
        if item.id in found:
            raise ValueError(f"{kind} id {item.id!r} given twice")
        found[item.id] = item
    return found


def _rebalance(track_reviewers, by_contribution, eligible_sets, holders, new, load, spare, pref):
    """Move new pairs from the most to the least loaded reviewers of a track while the spread
    there is above one and such a move exists (conflicts, and reviewers in several tracks of
    unequal demand, leave the greedy pass wider). A move from load a to load b <= a - 2 lowers
    the sum of the squared loads, so this ends; among the possible moves the one that costs
    the least preference is made."""
    new_in_track = defaultdict(lambda: defaultdict(set))  # reviewer -> track -> contributions
    for cid, ids in new.items():
        for rid in ids:
            new_in_track[rid][by_contribution[cid].track].add(cid)
    tracks = sorted(track_reviewers, key=repr)

    def one_move(track) -> bool:
        members = track_reviewers[track]
        low = sorted((load[r], r) for r in members if spare(r))
        if not low:
            return False
        for hi_load, hi in sorted(((load[r], r) for r in members), key=lambda x: (-x[0], x[1])):
            if hi_load - low[0][0] < 2:
                return False
            for lo_load, lo in low:
                if hi_load - lo_load < 2:
                    break
                options = [
                    (pref(lo, cid) - pref(hi, cid), cid)
                    for cid in new_in_track[hi][track]
                    if lo in eligible_sets[cid] and lo not in holders[cid]
                ]
                if options:
                    cid = min(options)[1]
                    _move(cid, hi, lo, holders, new, load)
                    new_in_track[hi][track].discard(cid)
                    new_in_track[lo][track].add(cid)
                    return True
        return False

    while any(one_move(track) for track in tracks):
        pass


def _prefer_bids(new, holders, eligible, load, spare, preference):
    """Hand a new pair to a reviewer who wants it more when the two loads stay within one of
    each other after the move (so the spread never widens); one sweep, ids in order."""
    for cid in sorted(new):
        for rid in sorted(new[cid]):
            mine = preference(rid, cid)
            if mine == 0:
                continue
            best = None
            for other in eligible[cid]:
                if other in holders[cid] or not spare(other):
                    continue
                theirs = preference(other, cid)
                if theirs < mine and load[other] + 1 <= load[rid]:
                    key = (theirs, load[other], other)
                    if best is None or key < best:
                        best = key
            if best is not None:
                _move(cid, rid, best[2], holders, new, load)


def _swap_for_bids(new, holders, eligible_sets, preference, bid_of):
    """Exchange two new pairs between two reviewers, (r1, c1) and (r2, c2) becoming (r2, c1)
    and (r1, c2), when it grants more of what they bid for: neither load changes, so the
    balance holds. Each exchange lowers the sum of the preference ranks, so this ends."""
    bidders = defaultdict(list)  # contribution id -> (rank, reviewer id), WANT first
    for (rid, cid), bid in bid_of.items():
        if bid in _PREFERENCE:
            bidders[cid].append((_PREFERENCE[bid], rid))
    for ranked in bidders.values():
        ranked.sort()
    held = defaultdict(set)  # reviewer id -> contribution ids newly held
    for cid, ids in new.items():
        for rid in ids:
            held[rid].add(cid)

    def one_sweep() -> bool:
        swapped = False
        for c1 in sorted(bidders):
            for r1 in sorted(new.get(c1, ())):
                if r1 not in new[c1]:
                    continue
                p1 = preference(r1, c1)
                for p2, r2 in bidders[c1]:
                    if p2 >= p1:
                        break
                    if r2 in holders[c1] or r2 not in eligible_sets[c1]:
                        continue
                    for c2 in sorted(held[r2]):
                        if r1 in holders[c2] or r1 not in eligible_sets[c2]:
                            continue
                        if p2 + preference(r1, c2) < p1 + preference(r2, c2):
                            _move(c1, r1, r2, holders, new, load=None)
                            _move(c2, r2, r1, holders, new, load=None)
                            held[r1].discard(c1)
                            held[r1].add(c2)
                            held[r2].discard(c2)
                            held[r2].add(c1)
                            swapped = True
                            break
                    if r1 not in new[c1]:
                        break
        return swapped

    while one_sweep():
        pass


def _move(cid, old, new_reviewer, holders, new, load):
    holders[cid].discard(old)
    new[cid].discard(old)
    holders[cid].add(new_reviewer)
    new[cid].add(new_reviewer)
    if load is not None:
        load[old] -= 1
        load[new_reviewer] += 1


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


if __name__ == "__main__":
    print(bench())

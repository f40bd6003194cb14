"""The assignment itself (contributions.assignment, rules 1 and 3 to 6): a greedy pass, the
hardest contributions first, then the passes that honour bids and even out the loads."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping

from contributions.assignment.conflicts import (
    _as_bid,
    _conflict,
    _prepare_contribution,
    _prepare_reviewer,
)
from contributions.assignment.data import (
    _NO_BID,
    _PREFERENCE,
    Contribution,
    FixedViolation,
    Result,
    Reviewer,
    Short,
    Shortfall,
)

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

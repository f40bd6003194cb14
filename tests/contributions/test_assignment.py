"""The automatic assignment of reviewers (contributions/assignment/): pure, no database."""

import random
from collections import Counter

import pytest

from contributions.assignment import (
    PUBLIC_MAIL_DOMAINS,
    Bid,
    Conflict,
    Contribution,
    Reviewer,
    Shortfall,
    assign,
    bench,
    conflict,
    normalise,
    random_instance,
    track_spread,
)


def reviewer(rid, institution="", domain="", tracks=("t",), declared=(), capacity=None):
    return Reviewer(
        id=rid,
        institution=institution,
        mail_domain=domain,
        tracks=frozenset(tracks),
        declared_conflicts=frozenset(declared),
        capacity=capacity,
    )


def contribution(cid, track="t", institutions=(), domains=(), co_authors=()):
    return Contribution(
        id=cid,
        track=track,
        author_institutions=frozenset(institutions),
        author_mail_domains=frozenset(domains),
        author_reviewer_ids=frozenset(co_authors),
    )


def assigned_to(result, cid):
    return sorted(rid for rid, c in result.pairs if c == cid)


# --- Conflicts -------------------------------------------------------------------------------

PAPER = contribution(1, institutions={"University A"}, domains={"a.edu"}, co_authors={"co"})
CONFLICTED = {
    Conflict.INSTITUTION: reviewer("inst", institution="University A", domain="x.org"),
    Conflict.MAIL_DOMAIN: reviewer("dom", institution="Elsewhere", domain="a.edu"),
    Conflict.CO_AUTHOR: reviewer("co", institution="Third place", domain="y.org"),
    Conflict.DECLARED: reviewer("decl", institution="Fourth", domain="z.org", declared={1}),
    Conflict.CANNOT_BID: reviewer("cannot", institution="Fifth", domain="w.org"),
}
BIDS = {("cannot", 1): Bid.CANNOT}


@pytest.mark.parametrize("kind", list(CONFLICTED))
def test_each_kind_of_conflict_is_named(kind):
    bid = BIDS.get((CONFLICTED[kind].id, 1))
    assert conflict(CONFLICTED[kind], PAPER, bid) == kind


def test_no_conflicted_reviewer_is_ever_assigned_even_when_the_target_is_missed():
    clean = reviewer("clean", institution="Free", domain="free.org")
    result = assign([PAPER], [*CONFLICTED.values(), clean], target=3, bids=BIDS)
    assert result.pairs == (("clean", 1),)
    (short,) = result.short
    assert (short.contribution_id, short.assigned, short.reason) == (
        1,
        1,
        Shortfall.TOO_FEW_ELIGIBLE,
    )
    assert (short.in_track, short.eligible) == (6, 1)


def test_a_cannot_bid_keeps_the_reviewer_off_that_contribution_only():
    reviewers = [reviewer("r1"), reviewer("r2")]
    contributions = [contribution(1), contribution(2)]
    result = assign(contributions, reviewers, target=2, bids={("r1", 1): "cannot"})
    assert assigned_to(result, 1) == ["r2"]
    assert assigned_to(result, 2) == ["r1", "r2"]


def test_public_mail_domains_are_no_conflict():
    assert {"gmail.com", "mail.ru", "qq.com", "163.com", "yandex.ru", "outlook.com"} <= (
        PUBLIC_MAIL_DOMAINS
    )
    paper = contribution(1, domains={"gmail.com", "Mail.RU", "vip.qq.com"})
    for domain in ("gmail.com", "mail.ru", "qq.com", "vip.qq.com"):
        assert conflict(reviewer("r", domain=domain), paper) is None


def test_a_subdomain_is_the_same_domain_but_a_shared_parent_is_not():
    paper = contribution(1, domains={"ox.ac.uk", "msu.ru"})
    assert conflict(reviewer("r", domain="cs.msu.ru"), paper) == Conflict.MAIL_DOMAIN
    assert conflict(reviewer("r", domain="ox.ac.uk"), paper) == Conflict.MAIL_DOMAIN
    assert conflict(reviewer("r", domain="cam.ac.uk"), paper) is None
    assert conflict(reviewer("r", domain="msu.ru"), contribution(2, domains={"phys.msu.ru"})) == (
        Conflict.MAIL_DOMAIN
    )


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ("Moscow\u200b State  University", "moscow state university\ufeff"),
        ("ＭＳＵ", "msu"),  # fullwidth letters (NFKC)
        ("  Straße ", "STRASSE"),  # casefold
        ("Uni\u00adversity\u2060 of X", "University of X"),  # soft hyphen, word joiner
        ("清华大学\u3000", "清华大学"),  # ideographic space
    ],
)
def test_invisible_characters_and_case_do_not_hide_an_institution(theirs, ours):
    assert normalise(theirs) == normalise(ours)
    paper = contribution(1, institutions={ours})
    assert conflict(reviewer("r", institution=theirs), paper) == Conflict.INSTITUTION
    result = assign([paper], [reviewer("r", institution=theirs)], target=1)
    assert result.pairs == ()


def test_domains_are_compared_normalised_and_from_whole_addresses():
    paper = contribution(1, domains={"someone@MSU.RU."})
    assert conflict(reviewer("r", domain="\ufeffmsu.ru"), paper) == Conflict.MAIL_DOMAIN
    idn = contribution(2, domains={"xn--c1arw.xn--p1ai"})  # мгу.рф in ASCII
    assert conflict(reviewer("r", domain="МГУ.рф"), idn) == Conflict.MAIL_DOMAIN


def test_an_empty_institution_or_domain_is_no_conflict():
    paper = contribution(1, institutions={"", " \u200b"}, domains={""})
    assert conflict(reviewer("r", institution="\u200b", domain=""), paper) is None


def test_reviewers_only_review_their_own_track():
    reviewers = [reviewer("a", tracks={"bio"}), reviewer("b", tracks={"chem"})]
    result = assign([contribution(1, track="bio")], reviewers, target=2)
    assert result.pairs == (("a", 1),)
    assert result.short[0].reason == Shortfall.TOO_FEW_ELIGIBLE
    assert result.short[0].in_track == 1


# --- Target, shortfalls, fixed pairs ---------------------------------------------------------


def test_the_target_is_reached_when_enough_reviewers_are_eligible():
    reviewers = [reviewer(f"r{i}") for i in range(5)]
    contributions = [contribution(i) for i in range(10)]
    result = assign(contributions, reviewers, target=3)
    assert result.short == ()
    assert Counter(c for _, c in result.pairs) == dict.fromkeys(range(10), 3)


def test_a_track_without_reviewers_is_reported_as_such():
    result = assign([contribution(1, track="empty")], [reviewer("r")], target=2)
    (short,) = result.short
    assert (short.reason, short.assigned, short.target, short.in_track) == (
        Shortfall.NO_REVIEWERS_IN_TRACK,
        0,
        2,
        0,
    )


def test_full_reviewers_leave_contributions_short_for_capacity():
    reviewers = [reviewer("a", capacity=1), reviewer("b", capacity=2)]
    result = assign([contribution(1), contribution(2)], reviewers, target=2)
    assert result.load == {"a": 1, "b": 2}
    assert len(result.pairs) == 3
    (short,) = result.short
    assert (short.reason, short.assigned, short.eligible) == (Shortfall.CAPACITY, 1, 2)


def test_fixed_pairs_are_kept_counted_towards_the_target_and_in_the_load():
    reviewers = [reviewer(r) for r in "abcd"]
    contributions = [contribution(i) for i in range(4)]
    fixed = [("a", 0), ("a", 1), ("a", 2), ("b", 0)]
    result = assign(contributions, reviewers, target=2, fixed=fixed)
    # Fixed pairs are not returned again, and contribution 0 needs no one new.
    assert not set(fixed) & set(result.pairs)
    assert assigned_to(result, 0) == []
    # 8 pairs in all, "a" already holds 3: the others take the rest and "a" nothing new.
    assert result.load == {"a": 3, "b": 2, "c": 2, "d": 1}
    assert all(rid != "a" for rid, _ in result.pairs)
    assert sum(result.load.values()) == 8
    assert result.short == ()


def test_a_fixed_pair_counts_against_capacity():
    reviewers = [reviewer("a", capacity=1), reviewer("b")]
    result = assign([contribution(1), contribution(2)], reviewers, target=1, fixed=[("a", 1)])
    assert result.pairs == (("b", 2),)
    assert result.load == {"a": 1, "b": 1}


def test_a_fixed_pair_breaking_a_rule_is_kept_and_reported():
    reviewers = [reviewer("a", institution="U"), reviewer("b", tracks={"other"}, capacity=0)]
    paper = contribution(1, institutions={"u"})
    result = assign([paper], reviewers, target=1, fixed=[("a", 1), ("b", 1)])
    assert result.pairs == ()
    assert result.short == ()
    assert {(v.reviewer_id, v.reason) for v in result.fixed_violations} == {
        ("a", "institution"),
        ("b", "other_track"),
        ("b", "over_capacity"),
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": -1}, "target"),
        ({"target": 1.5}, "target"),
        ({"fixed": [("nobody", 1)]}, "no reviewer 'nobody'"),
        ({"fixed": [("a", 99)]}, "no contribution 99"),
        ({"bids": {("a", 1): "maybe"}}, "unknown bid 'maybe'"),
    ],
)
def test_bad_input_gets_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        assign([contribution(1)], [reviewer("a")], **kwargs)


def test_repeated_ids_and_bad_capacities_are_refused():
    with pytest.raises(ValueError, match="given twice"):
        assign([contribution(1), contribution(1)], [reviewer("a")])
    with pytest.raises(ValueError, match="given twice"):
        assign([contribution(1)], [reviewer("a"), reviewer("a")])
    with pytest.raises(ValueError, match="capacity"):
        assign([contribution(1)], [reviewer("a", capacity=-1)])


def test_bids_on_unknown_ids_are_ignored():
    result = assign([contribution(1)], [reviewer("a")], target=1, bids={("x", 1): "want"})
    assert result.pairs == (("a", 1),)


# --- Balance and preference ------------------------------------------------------------------


def test_uniform_load_spread_is_at_most_one():
    contributions, reviewers, bids = random_instance(200, 20, seed=7, conflicts=False)
    result = assign(contributions, reviewers, target=3, bids=bids)
    assert result.short == ()
    assert len(result.pairs) == 600
    assert max(track_spread(result, reviewers).values()) <= 1
    # Reviewers of one track only, in a uniform instance, are within one of each other too.
    loads = sorted(result.load.values())
    assert loads[-1] - loads[0] <= 2


def test_capacity_is_never_exceeded_and_the_rest_is_still_balanced():
    contributions, reviewers, bids = random_instance(200, 20, seed=3, conflicts=False, capacity=25)
    result = assign(contributions, reviewers, target=3, bids=bids)
    assert max(result.load.values()) <= 25
    assert {s.reason for s in result.short} <= {Shortfall.CAPACITY}
    # 20 reviewers of capacity 25 cannot cover 600 pairs: what is missing is exactly that.
    assert len(result.pairs) <= 500
    assert sum(3 - s.assigned for s in result.short) == 600 - len(result.pairs)
    assert max(track_spread(result, reviewers).values()) <= 1


def test_want_is_preferred_then_can():
    reviewers = [reviewer(r) for r in "abcd"]
    result = assign([contribution(1)], reviewers, target=1, bids={("c", 1): Bid.WANT})
    assert result.pairs == (("c", 1),)
    bids = {("d", 1): Bid.CAN, ("b", 1): Bid.WANT, ("c", 1): Bid.CAN}
    result = assign([contribution(1)], reviewers, target=2, bids=bids)
    assert assigned_to(result, 1) == ["b", "c"]  # WANT, then CAN (c before d by id)


def test_want_does_not_unbalance_the_load():
    # "a" wants every contribution: they get their share, not all of them.
    reviewers = [reviewer(r) for r in "abcd"]
    contributions = [contribution(i) for i in range(8)]
    bids = {("a", i): Bid.WANT for i in range(8)}
    result = assign(contributions, reviewers, target=1, bids=bids)
    assert result.load == {"a": 2, "b": 2, "c": 2, "d": 2}


def test_wants_are_granted_when_the_load_allows():
    # Each reviewer wants a different pair of contributions: everyone gets exactly those.
    reviewers = [reviewer(r) for r in "abcd"]
    contributions = [contribution(i) for i in range(8)]
    bids = {("abcd"[i // 2], i): Bid.WANT for i in range(8)}
    result = assign(contributions, reviewers, target=1, bids=bids)
    assert set(result.pairs) == set(bids)


def test_the_same_input_gives_the_same_output_whatever_its_order():
    contributions, reviewers, bids = random_instance(150, 15, seed=11)
    first = assign(contributions, reviewers, target=3, bids=bids)
    rng = random.Random(1)
    shuffled_c, shuffled_r = contributions[:], reviewers[:]
    rng.shuffle(shuffled_c)
    rng.shuffle(shuffled_r)
    shuffled_bids = dict(rng.sample(sorted(bids.items()), len(bids)))
    again = assign(shuffled_c, shuffled_r, target=3, bids=shuffled_bids)
    assert again.pairs == first.pairs
    assert again.short == first.short
    assert again.load == first.load


def test_ties_are_broken_by_id():
    result = assign([contribution(1)], [reviewer(r) for r in "dcba"], target=2)
    assert result.pairs == (("a", 1), ("b", 1))


# --- Every rule on random instances ----------------------------------------------------------


def plainly_conflicted(r, c, bid):
    """The rules, written again plainly for the random instances (ASCII names, no subdomains)."""
    return (
        r.id in c.author_reviewer_ids
        or c.id in r.declared_conflicts
        or bid == Bid.CANNOT
        or r.institution.casefold() in {i.casefold() for i in c.author_institutions}
        or (r.mail_domain not in PUBLIC_MAIL_DOMAINS and r.mail_domain in c.author_mail_domains)
    )


@pytest.mark.parametrize("seed", range(8))
def test_every_pair_on_a_random_instance_satisfies_every_rule(seed):
    rng = random.Random(seed)
    capacity = rng.choice([None, 20, 30])
    contributions, reviewers, bids = random_instance(
        rng.randint(50, 200), rng.randint(8, 25), seed=seed, capacity=capacity
    )
    by_c = {c.id: c for c in contributions}
    by_r = {r.id: r for r in reviewers}
    target = rng.randint(1, 4)
    fixed = set()
    for c in rng.sample(contributions, 5):
        candidates = [
            r for r in reviewers if c.track in r.tracks and not plainly_conflicted(r, c, None)
        ]
        if candidates:
            fixed.add((rng.choice(candidates).id, c.id))
    result = assign(contributions, reviewers, target=target, bids=bids, fixed=sorted(fixed))

    assert len(set(result.pairs)) == len(result.pairs)
    assert not set(result.pairs) & fixed
    for rid, cid in result.pairs:
        r, c = by_r[rid], by_c[cid]
        assert c.track in r.tracks
        assert not plainly_conflicted(r, c, bids.get((rid, cid)))
    held = Counter(cid for _, cid in [*result.pairs, *fixed])
    assert all(n <= target for n in held.values())
    assert result.load == {r.id: sum(1 for p in [*result.pairs, *fixed] if p[0] == r.id)
                           for r in reviewers}  # fmt: skip
    if capacity is not None:
        assert max(result.load.values()) <= capacity
    # Short exactly where the target is missed, and nothing more could have been given there.
    assert {s.contribution_id for s in result.short} == {
        c.id for c in contributions if held[c.id] < target
    }
    holders = {(rid, cid) for rid, cid in [*result.pairs, *fixed]}
    for s in result.short:
        c = by_c[s.contribution_id]
        free = [
            r
            for r in reviewers
            if c.track in r.tracks
            and (r.id, c.id) not in holders
            and not plainly_conflicted(r, c, bids.get((r.id, c.id)))
        ]
        assert all(r.capacity is not None and result.load[r.id] >= r.capacity for r in free)
        assert s.assigned == held[c.id]
        if s.reason == Shortfall.TOO_FEW_ELIGIBLE:
            assert s.eligible < target
        elif s.reason == Shortfall.CAPACITY:
            assert free


def test_the_bench_assigns_a_thousand_contributions_quickly():
    figures = bench(n_contributions=1000, n_reviewers=100, target=3, seed=0)
    assert figures["pairs"] + figures["short"] > 0
    assert figures["pairs"] == 3000
    assert figures["max_track_spread"] <= 1
    assert figures["cpu_seconds"] < 2.0

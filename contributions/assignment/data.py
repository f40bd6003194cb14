"""The plain objects the assignment of reviewers takes and gives back (contributions.assignment):
the reviewers and contributions, the bids, and the result with its shortfalls."""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

Id = Hashable


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

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

The work is split by what it does: `data` (the objects in and out), `conflicts` (normalisation
and rule 2), `passes` (the assignment) and `benchmark` (checks, random instances, `bench()`;
`python -m contributions.assignment` runs it).
"""

from contributions.assignment.benchmark import bench, random_instance, track_spread
from contributions.assignment.conflicts import (
    PUBLIC_MAIL_DOMAINS,
    conflict,
    is_public_domain,
    normalise,
    normalise_domain,
)
from contributions.assignment.data import (
    Bid,
    Conflict,
    Contribution,
    FixedViolation,
    Id,
    Result,
    Reviewer,
    Short,
    Shortfall,
)
from contributions.assignment.passes import assign

__all__ = [
    "PUBLIC_MAIL_DOMAINS",
    "Bid",
    "Conflict",
    "Contribution",
    "FixedViolation",
    "Id",
    "Result",
    "Reviewer",
    "Short",
    "Shortfall",
    "assign",
    "bench",
    "conflict",
    "is_public_domain",
    "normalise",
    "normalise_domain",
    "random_instance",
    "track_spread",
]

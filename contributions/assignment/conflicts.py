"""Who may not review what (contributions.assignment, rule 2): institution names and mail
domains compared after `normalise()`, public mail services left out, and the conflicts."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from contributions.assignment.data import Bid, Conflict, Contribution, Reviewer

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

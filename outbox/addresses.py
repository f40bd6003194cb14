"""What visitor input may become in a mail header, and what an address is.

A header value holds no line break (Django refuses such a message with BadHeaderError,
every time the worker tries it), and an address must be one an SMTP server can be given.
Forms refuse both; `one_line` folds any value anyway where a header is built.

`normalise_address` is the one rule that decides when two addresses are one mailbox. Every
address is stored in its form, so lookups, the unique constraints and the mail caps compare
plain equal strings. It lives here, below registration, delegations and events, so all of
them and the mail caps (outbox.services) use it without an import cycle.
"""

import ipaddress
import stringprep
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext_lazy as _

# Everything str.splitlines() breaks on: CR, LF, and the Unicode line and paragraph breaks.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def one_line(value):
    """The value with every run of whitespace, line breaks included, folded to one space."""
    return " ".join(str(value).split())


def has_line_break(value):
    return any(character in LINE_BREAKS for character in value)


def validate_single_line(value):
    if has_line_break(value):
        raise ValidationError(_("Please write this on one line."), code="line_break")


# Control characters, format characters (soft hyphen, zero-width space, joiners, bidi marks,
# the byte order mark), surrogates, private use and unassigned code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _is_invisible(character):
    # Table B.1 of RFC 3454 adds what IDNA maps to nothing although it is not a format
    # character (the combining grapheme joiner, variation selectors): "exa\u034fmple.org"
    # would be delivered to example.org while looking like another domain.
    return unicodedata.category(character) in INVISIBLE_CATEGORIES or stringprep.in_table_b1(
        character
    )


def normalise_address(value, *, strict=True):
    """The one form of an email address that is stored, compared and counted.

    1. NFKC: fullwidth and other compatibility forms become the plain characters
       ("ａ＠ｅｘａｍｐｌｅ．ｏｒｇ" is a@example.org), a decomposed "ü" the composed one.
    2. Surrounding whitespace is dropped.
    3. An invisible character (category Cc, Cf, Cs, Co or Cn, or one IDNA maps to nothing)
       is refused: a soft hyphen or zero-width space in "exa\u00admple.org" makes a new
       string for the same mailbox. ValidationError, code "invisible".
    4. The domain is lower-cased and IDNA-encoded with Python's codec, the one Django uses
       to send (django.core.mail.message.sanitize_address), so the stored form is the
       domain the mail goes to: "bücher.example" is stored as "xn--bcher-kva.example". A
       domain the codec refuses: ValidationError, code "undeliverable".
    5. The local part is lower-cased too. RFC 5321 lets a server tell "Anna" from "anna",
       but no mail service people use does, and the constraint has always compared
       addresses case-blind (it was on Lower("email")): one rule, case-blind everywhere.

    `strict=False` (for counting, where the address was already accepted) drops invisible
    characters instead and keeps an unencodable domain lower-cased; it never raises.
    """
    value = unicodedata.normalize("NFKC", str(value)).strip()
    if any(_is_invisible(character) for character in value):
        if strict:
            raise ValidationError(
                _(
                    "This address contains an invisible character (such as a zero-width "
                    "space or a soft hyphen). Please type it again without copying it."
                ),
                code="invisible",
            )
        value = "".join(character for character in value if not _is_invisible(character))
    local, at, domain = value.rpartition("@")
    if not at:
        return value.lower()  # not an address: EmailValidator says so
    return f"{local.lower()}@{_domain(domain.lower(), strict=strict)}"


def _domain(domain, *, strict):
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        if not strict:
            return domain
        raise ValidationError(
            _("This address cannot receive email. Please check it."), code="undeliverable"
        ) from None


class AddressField(forms.EmailField):
    """An email address as forms take it: put in its one form (`normalise_address`) before
    it is validated, so the visitor is told what is wrong with what they typed, and then
    refused if a mail server could not be given it."""

    def clean(self, value):
        value = super().clean(value)
        if value:  # a valid address by now: can a mail server be given it?
            validate_deliverable_address(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalise_address(value)


def validate_deliverable_address(value):
    """Refuses an address a mail server cannot be given: a domain that is an IP literal
    (``a@[127.0.0.1]``), or one that cannot be encoded for SMTP (IDNA, e.g. U+FFFD)."""
    _local, _at, domain = value.rpartition("@")
    if domain.startswith("[") or _is_ip_address(domain):
        raise ValidationError(
            _("Please use an address with a domain name, not a numeric address."),
            code="ip_literal",
        )
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError):
        raise ValidationError(
            _("This address cannot receive email. Please check it."), code="undeliverable"
        ) from None


def _is_ip_address(domain):
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True

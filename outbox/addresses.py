"""What visitor input may become in a mail header.

A header value holds no line break (Django refuses such a message with BadHeaderError,
every time the worker tries it), and an address must be one an SMTP server can be given.
Forms refuse both; `one_line` folds any value anyway where a header is built.
"""

import ipaddress

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

"""Keeps secret links out of the logs: one function, `redact`, used by the logging filter
of Django's loggers (settings.LOGGING) and by gunicorn's access and error logs
(conference_site/gunicorn_logging.py, named in gunicorn.conf.py).

A secret link is a password (docs/security.md): the manage link and every page
under it (visa, letters, data download), the calendar feed link, the email-change
confirmation, a delegation's page, a contribution's page, a personal join link, a
document's verification code.
Each is found by the path before it, at the start of a path (a request line, a Referer, a
"Not Found: <path>"), after an optional language prefix (/ru/, /zh-hans/); the segment
after it becomes "[redacted]", whatever it holds, so a mistyped or truncated token is
redacted too. A percent-encoded letter or digit is decoded first: Django would decode
/registration/m%61nage/ to the manage page, so the log must recognise it too.
"""

import logging
import re

REDACTED = "[redacted]"

# The paths whose next segment is a secret; extend here when a URL gains a token.
SECRET_PATHS = [
    r"registration/manage/",  # the manage link and everything under it
    r"registration/feed/",  # the personal calendar feed
    r"registration/email/",  # confirming a changed email address
    r"delegation/",  # a delegation's page
    r"contribution/",  # a contribution's page (contributions/links.py)
    r"join/\d+/",  # a personal join link and its slides
    r"verify/",  # a document's verification code
]
# Query parameters that carry a secret wherever they appear.
SECRET_PARAMETERS = ["token", "signed", "code", "key"]

_PATH_START = r"""(?:^|(?<=[\s"'=(,;])|[a-z][a-z0-9+.-]*://[^/\s"']*)"""
_LANGUAGE = r"(?:/[a-z]{2}(?:-[a-z]+)?)?"
SECRET_IN_PATH = re.compile(
    rf"({_PATH_START}{_LANGUAGE}/(?:{'|'.join(SECRET_PATHS)}))[^/\s?#\"'<>]+",
    re.IGNORECASE,
)
SECRET_IN_QUERY = re.compile(
    rf"((?:^|[?&;])(?:{'|'.join(SECRET_PARAMETERS)})=)[^&;\s#\"'<>]+", re.IGNORECASE
)
UNRESERVED_ESCAPE = re.compile(r"%(2[dD]|2[eE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])")


def redact(text):
    """`text` with the secret in every secret link replaced by "[redacted]"."""
    if not isinstance(text, str):
        return text
    text = UNRESERVED_ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)
    text = SECRET_IN_PATH.sub(rf"\1{REDACTED}", text)
    return SECRET_IN_QUERY.sub(rf"\1{REDACTED}", text)


class RedactSecretLinks(logging.Filter):
    """A logging filter: the record's message, formatted, with its secrets redacted."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True

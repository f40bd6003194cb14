"""Keeps secret manage links and calendar feed links out of the logs.

Django logs every 4xx/5xx response with its path ("Not Found: /registration/manage/<token>/"),
the CSRF check logs the path it refused, and a server's access log writes every request
line. The filter below replaces the token in any such record by "[redacted]"; the app
attaches it to those loggers when it starts (registration/apps.py).
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/registration/(?:manage|feed)/)[^/\s?\"']+")
REDACTED = r"\1[redacted]"

LOGGERS = [
    "django.request",
    "django.server",
    "django.security.csrf",
    "gunicorn.access",
    "gunicorn.error",
]


def redact(value):
    if isinstance(value, str):
        return TOKEN_IN_PATH.sub(REDACTED, value)
    return value


class RedactManageLinks(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: redact(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(value) for value in record.args)
        return True


def install():
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactManageLinks) for f in logger.filters):
            logger.addFilter(RedactManageLinks())

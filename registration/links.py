"""The secret links of a registration, each built here and by its name.

A registration has two secret links, each a password of its own:

- the manage link (`manage_path`): the person's page, where they change, cancel or erase
  their registration and reach the visa form;
- the calendar feed (`calendar_feed_path`): read-only, signed with its own purpose and salt,
  reset from the manage page without touching the manage link (and the other way round).

Neither is a model's get_absolute_url: the admin's "view on site" (/admin/r/<type>/<id>/)
would hand it to any staff account. Staff reach a person's page only through the recorded
admin view "Open the attendee's page" (registration/admin.py), which shows no link.
Mails, views and templates that need a link call these functions; `redact` takes both out
of anything shown to staff (a mail preview).

Paths are in the active language; `*_url` adds SITE_URL for mails.
"""

from django.conf import settings
from django.urls import reverse

REDACTED = "…"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def manage_path(registration):
    """The person's own page (the secret manage link)."""
    return reverse("registration:manage", kwargs={"token": registration.manage_token})


def manage_url(registration):
    return absolute(manage_path(registration))


def confirm_path(registration):
    """Where a pending registration confirms its address (behind the manage link)."""
    return reverse("registration:confirm_email", kwargs={"token": registration.manage_token})


def confirm_url(registration):
    return absolute(confirm_path(registration))


def calendar_feed_path(registration):
    """The personal calendar feed (its own read-only link, not the manage link)."""
    return reverse("registration:calendar_feed", kwargs={"token": registration.feed_token})


def calendar_feed_url(registration):
    return absolute(calendar_feed_path(registration))


def redact(text, registration):
    """`text` without the registration's secret links (manage and feed tokens)."""
    for token in (registration.manage_token, registration.feed_token):
        text = text.replace(token, REDACTED)
    return text

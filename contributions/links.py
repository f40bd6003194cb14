"""The secret link of a contribution's page, built here and by its name.

The submitter's page (confirm the address, edit until the deadline, co-authors, the PDF,
withdraw) is reached by a secret link, a password: never a model's get_absolute_url (the
admin's "view on site" would hand it to any staff account), never on an admin page, never
logged (conference_site/log_redaction.py hides the segment after /contribution/). Mails, views and
templates call these functions."""

from django.urls import reverse

from registration.links import absolute


def page_path(contribution):
    """The submitter's page, in the active language."""
    return reverse("contributions:page", kwargs={"token": contribution.page_token})


def page_url(contribution):
    return absolute(page_path(contribution))

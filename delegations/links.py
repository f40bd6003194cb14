"""The secret link of a delegation's page, built here and by its name.

The contact's page (their people, adding more) is reached by a secret link, a password:
never a model's get_absolute_url (the admin's "view on site" would hand it to any staff
account), never on an admin page, never logged. Mails and views call these functions."""

from django.urls import reverse

from registration.links import absolute


def page_path(delegation):
    """The contact's page (the secret page link), in the active language."""
    return reverse("delegations:page", kwargs={"token": delegation.page_token})


def page_url(delegation):
    return absolute(page_path(delegation))

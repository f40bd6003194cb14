"""A query that forgets its scope fails here: every admin page of a model that belongs to a
conference goes through ConferenceScopedAdmin, and every other admin is on a short list of
site-wide models, each with the reason it may be."""

import pytest
from django.contrib import admin

from teams.admin import ConferenceScopedAdmin
from teams.scope import conference_path

# Models without a conference, and how their pages are kept to what a role may see.
SITE_WIDE = {
    "auth.User": "accounts; superusers, and data officers to pick team members",
    "branding.OrganisationLogo": "organisations' footer logos, shared like the organisations",
    "axes.AccessAttempt": "sign-in lockouts; superusers only",
    "axes.AccessFailureLog": "sign-in failures; superusers only",
    "axes.AccessLog": "sign-ins; superusers only",
    "django_tasks_database.DBTaskResult": "background jobs; superusers only",
    "events.Organisation": "universities and networks, shared by every conference",
    "events.Speaker": "public speaker profiles, shared by every conference",
    "otp_static.StaticDevice": "recovery codes; superusers only (staff manage their own)",
    "otp_totp.TOTPDevice": "authenticator apps; superusers only (staff manage their own)",
    "mailer.DontSendEntry": "the mail block list; superusers only",
    "mailer.MessageLog": "the mail log; superusers only",
    "mailer.Message": "the mail queue; only to those who serve all conferences",
    "registration.MemberInstitution": "member universities, shared by every conference",
    "teams.Team": "teams; scoped in TeamAdmin itself",
    "visas.VisaAuditEntry": "visa reads; only to visa officers of all conferences",
}


def registered():
    """(model, admin class) of every ModelAdmin and each of its inlines."""
    for model, model_admin in admin.site._registry.items():
        yield model, type(model_admin)
        for inline in model_admin.inlines:
            yield inline.model, inline


def test_every_admin_of_a_conference_model_is_scoped():
    unscoped = sorted(
        f"{model._meta.label} ({found.__name__})"
        for model, found in registered()
        if conference_path(model) is not None and not issubclass(found, ConferenceScopedAdmin)
    )
    assert unscoped == []


def test_every_other_admin_is_listed_as_site_wide():
    unlisted = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if conference_path(model) is None and model._meta.label not in SITE_WIDE
    )
    assert unlisted == []


def test_the_site_wide_list_names_no_conference_model():
    labels = {model._meta.label: model for model in admin.site._registry}
    assert sorted(label for label in SITE_WIDE if label not in labels) == []
    assert [label for label in SITE_WIDE if conference_path(labels[label]) is not None] == []


@pytest.mark.parametrize(
    ("label", "path"),
    [
        ("events.Conference", ""),
        ("registration.Registration", "conference"),
        ("attending.Ticket", "registration__conference"),
        ("visas.VisaRequest", "registration__conference"),
        ("messaging.Recipient", "message__conference"),
        ("events.Organisation", None),
    ],
)
def test_the_path_to_the_conference_is_found(label, path):
    from django.apps import apps

    assert conference_path(apps.get_model(label)) == path

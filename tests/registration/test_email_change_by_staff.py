"""A change of address by staff goes through one service (request_email_change): recorded,
the old address told in the person's language without any link, the old manage link dead
once the new address is confirmed, a new link sent there (issue 17, finding 3)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from registration import services
from tests.factories import RegistrationFactory, team_member

pytestmark = pytest.mark.django_db

SITE = "https://conference.example.org"
URL_RE = re.compile(r"https?://")


def manager(username="manager"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    team_member("Registration managers", user=user)
    client = Client()
    client.force_login(user)
    return client


def change_form_data(registration, **overrides):
    return {
        "given_name": registration.given_name,
        "family_name": registration.family_name,
        "email": registration.email,
        "institution": registration.institution,
        "position": registration.position,
        "country": registration.country.code,
        "list_publicly": "",
        "accessibility_needs": "",
        "dietary_needs": "",
        "member_institution": "",
        "invitation": "",
        **overrides,
    }


def refused_to_other_groups(person):
    """Content editors and Check-in staff cannot change an address at all."""
    url = reverse("admin:registration_registration_change", args=[person.pk])
    for group in ["Content editors", "Check-in staff"]:
        user = User.objects.create_user(group.split()[0].lower(), password="x", is_staff=True)
        team_member(group, user=user)
        client = Client()
        client.force_login(user)
        response = client.post(url, change_form_data(person, email="taker@example.org"))
        assert response.status_code == 403
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("anna@tpu.ru", "")
    assert mail.outbox == []


def test_a_manager_taking_over_an_address_is_recorded_told_and_ends_the_old_link(
    conference, django_capture_on_commit_callbacks
):
    person = RegistrationFactory(conference=conference, email="anna@tpu.ru", language="ru")
    refused_to_other_groups(person)
    old_manage, feed = person.manage_token, person.feed_token
    desk = manager()
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            url, change_form_data(person, email="taker@example.org"), REMOTE_ADDR="192.0.2.9"
        )
    assert response.status_code == 302
    confirm, notice = mail.outbox

    # The old address is told, in the person's language, by whom, with no link at all.
    assert notice.to == ["anna@tpu.ru"]
    assert notice.extra_headers["Content-Language"] == "ru"
    assert "Организаторы" in notice.body
    assert "taker@example.org" in notice.body
    html, _type = notice.alternatives[0]
    assert URL_RE.findall(notice.body) == []
    assert URL_RE.findall(html) == []
    assert "href" not in html
    assert old_manage not in notice.body + html

    # Recorded: who asked, from where, about whom; no address in the record.
    [requested] = AuditEntry.objects.filter(action="email_changed")
    assert (requested.action, requested.username, requested.role) == (
        "email_changed",
        "manager",
        "registration_manager",
    )
    assert (requested.subject_type, requested.subject_id) == (
        "registration.registration",
        person.pk,
    )
    assert requested.client_address == "192.0.2.9"
    assert "@" not in requested.detail

    # The new address confirms; the old link dies, the new one goes to the new address.
    [confirm_link] = re.findall(rf"{SITE}(/ru/registration/email/[^\s]+/)", confirm.body)
    mail.outbox.clear()
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        done = visitor.post(confirm_link, {"confirm": "True"}, REMOTE_ADDR="198.51.100.4")
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.email == "taker@example.org"
    assert person.manage_token != old_manage
    assert visitor.get(f"/registration/manage/{old_manage}/").status_code == 404
    [changed] = mail.outbox
    assert changed.to == ["taker@example.org"]
    assert f"{SITE}/ru/registration/manage/{person.manage_token}/" in changed.body
    assert old_manage not in changed.body
    confirmed = AuditEntry.objects.filter(action="email_changed").exclude(pk=requested.pk).get()
    assert (confirmed.action, confirmed.username, confirmed.client_address) == (
        "email_changed",
        "",
        "198.51.100.4",
    )
    assert confirmed.subject_id == person.pk
    # The calendar feed keeps its own link.
    assert person.feed_token == feed


def test_the_service_records_each_request(conference, django_capture_on_commit_callbacks):
    person = RegistrationFactory(conference=conference, email="old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(registration=person, email="first@example.org")
        services.request_email_change(registration=person, email="second@example.org")
    assert AuditEntry.objects.filter(action="email_changed", subject_id=person.pk).count() == 2
    notices = [m for m in mail.outbox if m.to == ["old@example.org"]]
    assert len(notices) == 2
    assert all(URL_RE.findall(m.body) == [] for m in notices)
    # Changing back to the address in force cancels the request: nothing to record or tell.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(registration=person, email="OLD@example.org")
    assert mail.outbox == []
    assert AuditEntry.objects.filter(action="email_changed").count() == 2
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("old@example.org", "")

"""A secret link is a password: no model hands it to the admin's "view on site", no admin
page shows it, and staff reach a person's page only through the permissioned, recorded
"Open the attendee's page" (issue 17, finding 1)."""

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from documents.models import BadgeAttendee, Kind, VerificationCode
from tests.factories import (
    DelegationFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    team_member,
)

pytestmark = pytest.mark.django_db

GROUPS = ["Registration managers", "Content editors", "Check-in staff"]


def staff(group=None, *, superuser=False, username=None):
    """A signed-in staff client: in one group, in none, or a superuser."""
    name = username or (group or ("root" if superuser else "nobody")).split()[0].lower()
    if superuser:
        user = User.objects.create_superuser(name, password="x")
    else:
        user = User.objects.create_user(name, password="x", is_staff=True)
    if group:
        team_member(group, user=user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def every_staff_account():
    return [staff(group) for group in GROUPS] + [staff(), staff(superuser=True)]


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


@pytest.fixture
def person(conference):
    registration = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="confirmed"
    )
    return registration


def secrets_of(registration):
    return [registration.manage_token, registration.feed_token, registration.public_id.hex]


# --- "view on site" ------------------------------------------------------------------------
def test_view_on_site_gives_no_registration_link_to_any_staff_account(person):
    badge_holder = BadgeAttendee.objects.get(pk=person.pk)
    for client in every_staff_account():
        for obj in (person, badge_holder):
            response = client.get(shortcut(obj))
            assert response.status_code == 404, (client.user.username, obj)
            body = response.content.decode()
            assert not any(secret in body for secret in secrets_of(person))
            assert "Location" not in response


def test_view_on_site_gives_no_delegation_page_to_any_staff_account(conference):
    delegation = DelegationFactory(conference=conference)
    for client in every_staff_account():
        response = client.get(shortcut(delegation))
        assert response.status_code == 404
        assert delegation.page_token not in response.content.decode()
        assert "Location" not in response


def test_view_on_site_gives_no_verification_code_to_any_staff_account(person):
    code = VerificationCode.objects.create(registration=person, kind=Kind.LETTER)
    for client in every_staff_account():
        response = client.get(shortcut(code))
        assert response.status_code == 404
        assert code.code not in response.content.decode()


def test_no_model_with_a_secret_link_has_an_absolute_url(person):
    delegation = DelegationFactory(conference=person.conference)
    code = VerificationCode.objects.create(registration=person, kind=Kind.LETTER)
    for obj in (person, BadgeAttendee.objects.get(pk=person.pk), delegation, code):
        assert not hasattr(obj, "get_absolute_url"), type(obj)


# --- admin pages ----------------------------------------------------------------------------
def test_admin_change_pages_show_no_secret_link(person):
    delegation = DelegationFactory(conference=person.conference)
    pages = {
        reverse("admin:registration_registration_change", args=[person.pk]),
        reverse("admin:documents_badgeattendee_change", args=[person.pk]),
        reverse("admin:delegations_delegation_change", args=[delegation.pk]),
        reverse("admin:registration_registration_changelist"),
    }
    for client in [staff(superuser=True), staff("Registration managers")]:
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert not any(secret in html for secret in secrets_of(person)), page
            assert delegation.page_token not in html
            assert "View on site" not in html


def test_check_in_staff_see_no_view_on_site_on_a_badge_page(person):
    client = staff("Check-in staff")
    response = client.get(reverse("admin:documents_badgeattendee_change", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "View on site" not in html
    assert "/admin/r/" not in html
    assert person.manage_token not in html


def test_mail_previews_for_staff_hide_both_secret_links(conference, person):
    SessionFactory(conference=conference)
    client = staff("Registration managers")
    response = client.post(
        reverse("admin:messaging_attendeemailing_add"),
        {"conference": conference.pk, "about": "conference", "note": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This mail goes to 1 confirmed attendee" in html
    # The feed line is there, its secret hidden like the manage link's.
    assert "https://conference.example.org/registration/feed/…/calendar.ics" in html
    assert "https://conference.example.org/registration/manage/…/" in html
    assert not any(secret in html for secret in secrets_of(person))


# --- "Open the attendee's page" --------------------------------------------------------------
def attendee_page(registration):
    return reverse("admin:registration_registration_attendee_page", args=[registration.pk])


@pytest.mark.parametrize("group", ["Content editors", "Check-in staff", None])
def test_opening_the_attendee_page_is_refused_without_the_permission(person, group):
    client = staff(group)
    response = client.get(attendee_page(person))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="staff_opened_page").exists()
    change = client.get(reverse("admin:registration_registration_change", args=[person.pk]))
    assert "Open the attendee’s page" not in change.content.decode()


def test_registration_managers_open_the_attendee_page_on_the_record(conference, person):
    question = QuestionFactory(conference=conference, text="Your research field?")
    person.answers.create(question=question, question_text=question.text, text="Optics")
    SessionFactory(conference=conference, title="Opening plenary")
    client = staff("Registration managers", username="manager")
    change = client.get(reverse("admin:registration_registration_change", args=[person.pk]))
    assert (
        f'<a href="{attendee_page(person)}">Open the attendee’s page (recorded)</a>'
        in change.content.decode()
    )
    response = client.get(attendee_page(person), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Status: <strong>Confirmed</strong> · In person in Tomsk" in html
    assert "Your seat in Tomsk is reserved." in html
    assert "Optics" in html
    assert "Opening plenary" in html
    assert not any(secret in html for secret in secrets_of(person))
    assert "/registration/manage/" not in html and "/registration/feed/" not in html
    [entry] = AuditEntry.objects.filter(action="staff_opened_page")
    assert (entry.action, entry.username, entry.role) == (
        "staff_opened_page",
        "manager",
        "registration_manager",
    )
    assert (entry.subject_type, entry.subject_id) == ("registration.registration", person.pk)
    assert entry.client_address == "192.0.2.7"
    assert entry.conference_id == conference.pk


def test_the_attendee_page_of_a_pending_registration_has_no_confirm_link(conference):
    pending = RegistrationFactory(conference=conference, status="pending_email")
    response = staff("Registration managers").get(attendee_page(pending))
    html = response.content.decode()
    assert "Confirm your email address to complete the registration." in html
    assert "Confirm now" not in html
    assert pending.manage_token not in html


def test_the_attendee_page_answers_only_reading(person):
    client = staff("Registration managers")
    assert client.post(attendee_page(person)).status_code == 405
    assert client.head(attendee_page(person)).status_code == 200
    assert AuditEntry.objects.filter(action="staff_opened_page").count() == 1
    missing = reverse("admin:registration_registration_attendee_page", args=[999999])
    assert client.get(missing).status_code == 404


def test_signed_out_visitors_are_sent_to_the_login(person):
    response = Client().get(attendee_page(person))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not AuditEntry.objects.filter(action="staff_opened_page").exists()


def test_the_manage_link_is_still_built_by_name(person):
    from delegations import links as delegation_links
    from registration import links

    assert links.manage_path(person) == f"/registration/manage/{person.manage_token}/"
    delegation = DelegationFactory(conference=person.conference)
    assert delegation_links.page_path(delegation) == f"/delegation/{delegation.page_token}/"

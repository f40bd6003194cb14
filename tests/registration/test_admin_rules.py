"""The registration desk under misuse: who may run each action, deleting a registration,
changing a person's address."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jobs.models import Job
from registration.models import Registration
from teams.roles import ROLES
from tests.factories import RegistrationFactory, team_member
from tests.jobs.helpers import job_page
from tests.registration.conftest import full_with_one_waiting

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"
ACTIONS = [
    "approve_selected",
    "decline_selected",
    "promote_selected",
    "resend_confirmation",
    "export_csv",
]


@pytest.fixture
def as_group(client, django_capture_on_commit_callbacks):
    """A client logged in as a staff member of one organiser group."""

    def login(group_name):
        user = User.objects.create_user(
            username=group_name.split()[0].lower(), password="x", is_staff=True
        )
        team_member(group_name, user=user)
        client.force_login(user)
        return client

    return login


def post_action(client, name, registrations, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST,
            {"action": name, "_selected_action": [r.pk for r in registrations]},
        )


def test_every_registration_action_declares_its_permission():
    from django.contrib import admin

    model_admin = admin.site._registry[Registration]
    for name in ACTIONS:
        action = getattr(model_admin, name)
        assert action.allowed_permissions, name
        for permission in action.allowed_permissions:
            assert callable(getattr(model_admin, f"has_{permission}_permission")), name


@pytest.mark.parametrize("name", ACTIONS)
def test_registration_managers_may_run_every_action(
    as_group, conference, name, django_capture_on_commit_callbacks
):
    client = as_group("Registration managers")
    person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    offered = [value for value, _label in page.context["action_form"].fields["action"].choices]
    assert name in offered
    response = post_action(client, name, [person], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    # Every action is a background job, whatever the number chosen.
    job = Job.objects.get()
    assert job.params["ids"] == [person.pk]
    if name == "export_csv":  # to the page of the export's background job
        assert response["Location"] == job_page(job)
    else:  # back to the list, whose message links to the job
        assert response["Location"] == CHANGELIST


@pytest.mark.parametrize("name", ACTIONS)
def test_content_editors_are_refused_every_action(
    as_group, conference, name, django_capture_on_commit_callbacks
):
    client = as_group("Content editors")
    person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    assert client.get(CHANGELIST).status_code == 403
    response = post_action(client, name, [person], django_capture_on_commit_callbacks)
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.status, person.decided_by) == ("awaiting_approval", None)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("name", "permission"),
    [
        ("approve_selected", "decide_registration"),
        ("decline_selected", "decide_registration"),
        ("promote_selected", "decide_registration"),
        ("export_csv", "export_registration"),
    ],
)
def test_correcting_details_does_not_let_a_helper_decide_or_export(
    client, conference, name, permission, django_capture_on_commit_callbacks
):
    helper = User.objects.create_user(username="helper", password="x", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registration",
            codename__in=["view_registration", "change_registration"],
        )
    )
    client.force_login(helper)
    person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    page = client.get(CHANGELIST)
    offered = [value for value, _label in page.context["action_form"].fields["action"].choices]
    assert name not in offered
    assert "resend_confirmation" in offered
    response = post_action(client, name, [person], django_capture_on_commit_callbacks)
    assert response.status_code == 302  # back to the list: "No action selected."
    person.refresh_from_db()
    assert (person.status, person.decided_by) == ("awaiting_approval", None)
    assert mail.outbox == []
    # Given the permission, the same helper may.
    helper.user_permissions.add(Permission.objects.get(codename=permission))
    client.force_login(User.objects.get(pk=helper.pk))
    offered = [
        value
        for value, _label in client.get(CHANGELIST).context["action_form"].fields["action"].choices
    ]
    assert name in offered


def test_the_registration_manager_role_holds_the_deciding_and_export_permissions():
    rights = {"registration.decide_registration", "registration.export_registration"}
    assert rights <= ROLES["registration_manager"].permissions
    assert not rights & ROLES["content_editor"].permissions


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_a_seat_holder_offers_the_seat_on(
    as_group, conference, django_capture_on_commit_callbacks
):
    client = as_group("Registration managers")
    holders, waiting = full_with_one_waiting(conference)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "delete_selected", "_selected_action": [holders[0].pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=holders[0].pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [(m.to, m.subject.split("] ")[1]) for m in mail.outbox] == [
        ([waiting.email], "A place is yours: you are registered")
    ]


def test_deleting_one_registration_from_its_page_offers_the_seat_on(
    as_group, conference, django_capture_on_commit_callbacks
):
    client = as_group("Registration managers")
    holders, waiting = full_with_one_waiting(conference)
    url = reverse("admin:registration_registration_delete", args=[holders[1].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_deleting_after_registration_closed_promotes_nobody(
    as_group, conference, django_capture_on_commit_callbacks
):
    from events.services import save_conference

    client = as_group("Registration managers")
    holders, waiting = full_with_one_waiting(conference)
    conference.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    save_conference(conference=conference)
    url = reverse("admin:registration_registration_delete", args=[holders[1].pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"post": "yes"})
    waiting.refresh_from_db()
    assert waiting.status == "waiting_list"
    assert mail.outbox == []


# --- changing the address ---------------------------------------------------------------------
def change_form_data(registration, **overrides):
    data = {
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
    }
    data.update(overrides)
    return data


def links(message):
    return re.findall(r"https://conference\.example\.org(/registration/[^\s\"<]+)", message.body)


def test_changing_the_address_asks_the_new_one_and_keeps_the_old_until_confirmed(
    as_group, client, conference, django_capture_on_commit_callbacks
):
    desk = as_group("Registration managers")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    old_token = person.manage_token
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            url, change_form_data(person, email="New@Example.ORG", institution="HIT"), follow=True
        )
    assert response.status_code == 200
    assert (
        "We asked new@example.org to confirm the new address and told old@example.org. "
        "Until it is confirmed, mails keep going to old@example.org."
    ) in [str(m) for m in response.context["messages"]]
    person.refresh_from_db()
    assert (person.email, person.pending_email, person.institution) == (
        "old@example.org",
        "new@example.org",
        "HIT",
    )
    confirm, notice = mail.outbox
    assert confirm.to == ["new@example.org"]
    assert confirm.subject.endswith("Please confirm your new email address")
    assert old_token not in confirm.body  # the new address gets no access before confirming
    assert notice.to == ["old@example.org"]
    assert notice.subject.endswith("Your email address is about to change")
    # Until confirmed, the old link works and mails go to the old address.
    desk.logout()
    page = client.get(f"/registration/manage/{old_token}/")
    assert page.status_code == 200
    assert (
        "The organisers are changing your address to new@example.org: it becomes yours once "
        "confirmed with the link we sent there. Until then we write to the address above."
    ) in page.content.decode()

    [path] = links(confirm)
    page = client.get(path)
    assert page.status_code == 200
    assert "one click makes new@example.org the address" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"confirm": "True"})
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("new@example.org", "")
    assert response.status_code == 302
    assert response["Location"] == f"/registration/manage/{person.manage_token}/"
    [changed] = mail.outbox
    assert changed.to == ["new@example.org"]
    assert f"/registration/manage/{person.manage_token}/" in links(changed)
    assert client.get(f"/registration/manage/{old_token}/").status_code == 404
    # The link is used up.
    assert client.get(path).status_code == 404


def test_a_superseded_or_forged_change_link_opens_nothing(
    as_group, client, conference, django_capture_on_commit_callbacks
):
    desk = as_group("Registration managers")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(url, change_form_data(person, email="first@example.org"))
        desk.post(url, change_form_data(person, email="second@example.org"))
    first_path = links(mail.outbox[0])[0]
    second_path = links(mail.outbox[2])[0]
    assert client.post(first_path, {"confirm": "True"}).status_code == 404
    assert client.get(second_path[:-5] + "xxxx/").status_code == 404
    assert client.get("/registration/email/not-signed-at-all/").status_code == 404
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("old@example.org", "second@example.org")


def test_confirming_an_address_that_registered_meanwhile_is_a_message(
    as_group, client, conference, django_capture_on_commit_callbacks
):
    desk = as_group("Registration managers")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(url, change_form_data(person, email="new@example.org"))
    RegistrationFactory(conference=conference, email="new@example.org")
    desk.get(url)  # the desk reads its own messages
    desk.logout()
    response = client.post(links(mail.outbox[0])[0], {"confirm": "True"})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "This address already has an active registration for this conference."
    ]
    person.refresh_from_db()
    assert person.email == "old@example.org"


def test_changing_to_an_address_already_registered_is_refused_in_the_form(as_group, conference):
    desk = as_group("Registration managers")
    RegistrationFactory(conference=conference, email="taken@example.org")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    url = reverse("admin:registration_registration_change", args=[person.pk])
    response = desk.post(url, change_form_data(person, email="TAKEN@example.org"))
    assert response.status_code == 200
    assert "This email address already has an active registration for this conference." in (
        response.content.decode()
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    "typed",
    [
        "OLD@Example.ORG",
        " old@example.org ",
        "old@exa\u00admple.org",
        "\u200bold@example.org",
        "ｏｌｄ@example.org",
    ],
)
def test_retyping_the_same_address_is_not_a_change(
    as_group, conference, django_capture_on_commit_callbacks, typed
):
    desk = as_group("Registration managers")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            url, change_form_data(person, email=typed, institution="HIT"), follow=True
        )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        f'The registration “<a href="{url}">{escape(str(person))}</a>” was changed successfully.'
    ]
    person.refresh_from_db()
    assert (person.email, person.pending_email, person.institution) == (
        "old@example.org",
        "",
        "HIT",
    )
    assert mail.outbox == []


def test_retyping_the_address_leaves_a_pending_change_alone(
    as_group, conference, django_capture_on_commit_callbacks
):
    desk = as_group("Registration managers")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    Registration.objects.filter(pk=person.pk).update(pending_email="new@example.org")
    url = reverse("admin:registration_registration_change", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(url, change_form_data(person, email="Old@Example.org"), follow=True)
    person.refresh_from_db()
    assert (person.email, person.pending_email) == ("old@example.org", "new@example.org")
    assert mail.outbox == []

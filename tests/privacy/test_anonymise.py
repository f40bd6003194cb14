"""Finding 14: a registration with a visa request or a ticket cannot be deleted in the admin
(its rows must stay, or the account may not delete them). The delete says so and points to
anonymisation; the anonymise action (own permission) removes the person and keeps counts."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.utils import timezone

from attending.models import CheckIn, Ticket
from audit.models import DestructionRecord
from registration.models import Registration
from teams.roles import ROLES
from tests.factories import (
    ConferenceFactory,
    QuestionFactory,
    RegistrationFactory,
    VisaRequestFactory,
    team_member,
)
from visas.models import VisaRequest

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"


@pytest.fixture
def manager(client, conference):
    """A registration manager of the conference (the role holds the anonymise right)."""
    client.force_login(team_member("registration_manager", conference, username="manager"))
    return client


def with_visa_and_ticket(conference, **kwargs):
    registration = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name="Mei",
        family_name="Zhang",
        email="mei.zhang@example.cn",
        institution="Fudan University",
        position="Professor",
        country="CN",
        dietary_needs="Vegan",
        **kwargs,
    )
    VisaRequestFactory(registration=registration)
    ticket = Ticket.objects.create(registration=registration)
    CheckIn.objects.create(
        ticket=ticket,
        conference=conference,
        day=conference.starts_at.date(),
        at=conference.starts_at,
        desk="Main hall",
    )
    question = QuestionFactory(conference=conference)
    registration.answers.create(question=question, question_text="Hotel?", text="3 nights")
    return registration


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_deleting_one_with_a_visa_request_points_to_anonymisation(manager, conference):
    registration = with_visa_and_ticket(conference)
    url = f"{CHANGELIST}{registration.pk}/delete/"
    for method in (manager.get, manager.post):
        response = method(url, {"post": "yes"} if method == manager.post else None)
        assert response.status_code == 302
        assert response["Location"] == f"{CHANGELIST}{registration.pk}/change/"
        assert said(response)[-1:] == [
            "This registration cannot be deleted: it has records that must stay (check-in, "
            "ticket, visa request). Anonymise it instead (the action “Anonymise (remove the "
            "person's data, keep the counts)”): the person's data go, the counts stay."
        ]
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert DestructionRecord.objects.count() == 0


def test_a_superuser_gets_the_same_answer_not_a_500(admin_client, conference):
    registration = with_visa_and_ticket(conference)
    response = admin_client.post(f"{CHANGELIST}{registration.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "Anonymise it instead" in said(response)[0]
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_deleting_several_refuses_all_when_one_must_stay(manager, conference):
    held = with_visa_and_ticket(conference)
    free = RegistrationFactory(conference=conference)
    response = manager.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [held.pk, free.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert said(response) == [
        "1 of the chosen registrations cannot be deleted: it has records that must stay "
        "(check-in, ticket, visa request). Nothing was deleted. Anonymise it instead (the "
        "action “Anonymise (remove the person's data, keep the counts)”): the person's data "
        "go, the counts stay."
    ]
    assert Registration.objects.filter(pk__in=[held.pk, free.pk]).count() == 2


def test_a_registration_with_nothing_held_still_deletes(manager, conference):
    free = RegistrationFactory(conference=conference)
    response = manager.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [free.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=free.pk).exists()


def test_anonymising_asks_first_then_keeps_the_counts(
    manager, conference, django_capture_on_commit_callbacks
):
    conference.in_person_capacity = 1
    conference.save()
    registration = with_visa_and_ticket(conference)
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=timezone.now(),
    )
    asked = manager.post(
        CHANGELIST, {"action": "anonymise_selected", "_selected_action": [registration.pk]}
    )
    assert asked.status_code == 200
    assert "Anonymise 1 registration?" in asked.content.decode()
    registration.refresh_from_db()
    assert registration.given_name == "Mei"
    with django_capture_on_commit_callbacks(execute=True):
        done = manager.post(
            CHANGELIST,
            {
                "action": "anonymise_selected",
                "_selected_action": [registration.pk],
                "post": "yes",
            },
        )
    assert done.status_code == 302
    assert said(done) == ["1 registration anonymised."]
    registration.refresh_from_db()
    assert (registration.given_name, registration.family_name) == ("Anonymised", "")
    assert registration.email == f"anonymised-{registration.public_id.hex}@anonymised.invalid"
    assert (registration.institution, registration.position, registration.dietary_needs) == (
        "",
        "",
        "",
    )
    assert registration.country.code == "CN"
    assert registration.erased_at is not None
    assert registration.status == "cancelled"  # the conference is ahead: the seat goes on
    assert not registration.answers.exists()
    assert not VisaRequest.objects.filter(registration=registration).exists()
    assert Ticket.objects.filter(registration=registration).exists()
    assert CheckIn.objects.filter(ticket__registration=registration).count() == 1
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    record = DestructionRecord.objects.get()
    assert record.rule == "registration anonymised by the organisers"
    assert record.categories == {
        "registration details (name, email address, institution, position)": 1,
        "accessibility and dietary notes": 1,
        "answers to the organisers' questions": 1,
        "visa requests with passport data": 1,
    }
    assert record.conference_id == conference.pk


def test_after_the_conference_anonymising_keeps_the_status(conference):
    from registration import services

    now = timezone.now()
    past = ConferenceFactory(
        starts_at=now - dt.timedelta(days=10), ends_at=now - dt.timedelta(days=6)
    )
    first = with_visa_and_ticket(past)
    second = RegistrationFactory(conference=past, attendance_mode="in_person")
    services.anonymise(registration=first)
    services.anonymise(registration=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "confirmed")
    assert first.email != second.email
    assert Registration.objects.filter(conference=past).place_counts(past)["in_person"] == 2
    with pytest.raises(services.NotAllowed):
        services.anonymise(registration=first)


def test_anonymising_twice_says_so(manager, conference):
    registration = with_visa_and_ticket(conference)
    data = {"action": "anonymise_selected", "_selected_action": [registration.pk], "post": "yes"}
    manager.post(CHANGELIST, data)
    again = manager.post(CHANGELIST, data)
    assert said(again)[-1:] == ["Anonymised: This registration's personal data are already erased."]
    assert DestructionRecord.objects.count() == 1


def test_the_action_needs_its_own_permission(client, conference):
    registration = with_visa_and_ticket(conference)
    user = User.objects.create_user("desk", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registration",
            codename__in=["view_registration", "change_registration", "delete_registration"],
        )
    )
    client.force_login(user)
    page = client.get(CHANGELIST)
    offered = [value for value, _label in page.context["action_form"].fields["action"].choices]
    assert "anonymise_selected" not in offered
    response = client.post(
        CHANGELIST,
        {"action": "anonymise_selected", "_selected_action": [registration.pk], "post": "yes"},
    )
    assert response.status_code == 302  # back to the list: "No action selected."
    registration.refresh_from_db()
    assert registration.given_name == "Mei"
    assert DestructionRecord.objects.count() == 0


def test_registration_managers_hold_the_permission():
    assert "registration.anonymise_registration" in ROLES["registration_manager"].permissions
    assert "privacy.view_consent" in ROLES["registration_manager"].permissions
    assert "registration.anonymise_registration" not in ROLES["content_editor"].permissions

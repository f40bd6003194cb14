"""Finding 9: each role sees the least it needs (docs/audit.md, "What each role
sees"). Check-in staff: name, institution, status, ticket state and a masked address, found
only among the confirmed in-person people of the conference, by name or ticket code. The
online team: no address, no search by address. A registration manager: no visa state in a
message's audience, count, preview or send log."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from attending import joins
from attending.tickets import ticket_for
from audit.models import AuditEntry
from messaging import services as messaging
from registration.masking import mask_email
from tests.factories import (
    ConferenceFactory,
    RegistrationFactory,
    SessionJoinFactory,
    VisaRequestFactory,
    team_member,
)

pytestmark = pytest.mark.django_db

DIETARY = "Halal, no nuts: severe allergy"
ACCESS = "Wheelchair; hearing loop"


@pytest.fixture
def conference():
    now = timezone.now()
    return ConferenceFactory(
        slug="bridge", starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(days=2)
    )


def person(conference, family_name, **fields):
    defaults = {
        "conference": conference,
        "attendance_mode": "in_person",
        "given_name": "Anna",
        "family_name": family_name,
        "email": f"{family_name.lower()}.anna@tpu.ru",
        "dietary_needs": DIETARY,
        "accessibility_needs": ACCESS,
    }
    return RegistrationFactory(**{**defaults, **fields})


def signed_in(username, *, role=None, permissions=(), staff=False):
    user = get_user_model().objects.create_user(username, is_staff=staff)
    if role:
        team_member(role, user=user)
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(db):
    return signed_in("desk1", role="checkin_staff")


def desk_url(conference):
    return f"/checkin/{conference.slug}/"


def found(response):
    return [row["registration"].family_name for row in response.context["rows"]]


# --- check-in staff ---------------------------------------------------------------------
def test_mask_email():
    assert mask_email("anna.ivanova@tpu.ru") == "a***@tpu.ru"
    assert mask_email("x@example.org") == "x***@example.org"
    assert mask_email("") == "***"
    assert mask_email("no-at-sign") == "***"


def test_the_desk_finds_only_confirmed_in_person_people_of_its_conference(desk, conference):
    person(conference, "Smirnova")
    person(conference, "Smirnova-Online", attendance_mode="online")
    person(conference, "Smirnova-Pending", status="pending_email")
    person(conference, "Smirnova-Cancelled", status="cancelled")
    person(conference, "Smirnova-Waiting", status="waiting_list")
    person(conference, "Smirnova-Erased", erased_at=timezone.now())
    person(ConferenceFactory(), "Smirnova-Elsewhere")

    response = desk.get(desk_url(conference), {"q": "smirnova"})

    assert found(response) == ["Smirnova"]


def test_the_desk_does_not_search_addresses(desk, conference):
    person(conference, "Kuznetsova", email="secret.mailbox@tpu.ru")
    for typed in ("secret.mailbox", "secret", "tpu.ru", "secret.mailbox@tpu.ru"):
        response = desk.get(desk_url(conference), {"q": typed})
        assert found(response) == [], typed


def test_a_ticket_code_of_someone_not_admitted_finds_nobody(desk, conference):
    cancelled = person(conference, "Orlova")
    ticket = ticket_for(cancelled)
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])
    response = desk.get(desk_url(conference), {"q": ticket.display_code})
    assert found(response) == []


def test_the_desk_card_shows_a_masked_address_and_no_notes(desk, conference):
    person(conference, "Volkova", email="olga.volkova@tpu.ru")
    response = desk.get(desk_url(conference), {"q": "Volkova"})
    html = response.content.decode()
    assert found(response) == ["Volkova"]
    assert "o***@tpu.ru" in html
    assert "olga.volkova@tpu.ru" not in html
    assert DIETARY not in html
    assert ACCESS not in html
    assert "Name or ticket code" in html


def test_a_desk_search_is_recorded_without_what_was_typed(desk, conference):
    person(conference, "Volkova")
    desk.get(desk_url(conference), {"q": "Volkova"}, REMOTE_ADDR="192.0.2.44")
    entry = AuditEntry.objects.get()
    assert (
        entry.action,
        entry.username,
        entry.conference,
        entry.count,
        entry.detail,
        entry.client_address,
    ) == (AuditEntry.Action.CHECK_IN_SEARCH, "desk1", conference, 1, "name", "192.0.2.44")


def test_check_in_staff_printing_badges_see_no_notes_nor_addresses(conference):
    guest = person(conference, "Popova", email="maria.popova@tpu.ru")
    client = signed_in("badges", role="checkin_staff", staff=True)
    pages = [
        client.get("/admin/documents/badgeattendee/"),
        client.get(f"/admin/documents/badgeattendee/{guest.pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "Anna Popova" in html
        assert "maria.popova@tpu.ru" not in html
        assert DIETARY not in html
        assert ACCESS not in html
    assert "m***@tpu.ru" in pages[1].content.decode()
    by_address = client.get("/admin/documents/badgeattendee/", {"q": "maria.popova"})
    assert by_address.context["cl"].result_count == 0
    by_name = client.get("/admin/documents/badgeattendee/", {"q": "Popova"})
    assert by_name.context["cl"].result_count == 1


def test_the_ticket_admin_shows_a_masked_address(admin_client, conference):
    ticket = ticket_for(person(conference, "Popova", email="maria.popova@tpu.ru"))
    for url in ("/admin/attending/ticket/", f"/admin/attending/ticket/{ticket.pk}/change/"):
        html = admin_client.get(url).content.decode()
        assert "m***@tpu.ru" in html
        assert "maria.popova@tpu.ru" not in html
    by_address = admin_client.get("/admin/attending/ticket/", {"q": "maria.popova"})
    assert by_address.context["cl"].result_count == 0


# --- the online team ----------------------------------------------------------------------
def test_the_online_team_neither_sees_nor_searches_addresses(conference):
    guest = person(conference, "Sokolova", attendance_mode="online", email="irina.s@tpu.ru")
    join = SessionJoinFactory(registration=guest)
    join_pass = joins.pass_for(guest)
    team = signed_in("online", role="online_team", staff=True)

    pages = [
        team.get("/admin/attending/sessionjoin/"),
        team.get(f"/admin/attending/sessionjoin/{join.pk}/change/"),
        team.get("/admin/attending/joinpass/"),
        team.get(f"/admin/attending/joinpass/{join_pass.pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "Anna Sokolova" in html
        assert "irina.s@tpu.ru" not in html
        assert "i***@tpu.ru" not in html
    for url in ("/admin/attending/sessionjoin/", "/admin/attending/joinpass/"):
        assert team.get(url, {"q": "irina.s"}).context["cl"].result_count == 0
        assert team.get(url, {"q": "Sokolova"}).context["cl"].result_count == 1


# --- a registration manager's message -----------------------------------------------------
COMPOSE = "/admin/messaging/groupmessage/add/"


def compose(conference, **extra):
    return {
        "conference": conference.pk,
        "subject_en": "Buses",
        "body_en": "The buses leave at 8.",
        "status": ["confirmed"],
        **extra,
    }


def test_a_registration_manager_gets_no_visa_filter(conference):
    refused = VisaRequestFactory(
        registration=person(conference, "Refusedova"),
        status="refused",
        refusal_reason="Documents missing",
    ).registration
    person(conference, "Plainova")
    manager = signed_in("manager", role="registration_manager", staff=True)

    page = manager.get(COMPOSE)
    assert page.status_code == 200
    assert "visa_status" not in page.context["form"].fields
    assert 'name="visa_status"' not in page.content.decode()

    confirmation = manager.post(COMPOSE, compose(conference, visa_status=["refused"]))
    assert confirmation.status_code == 200
    # The filter is ignored: the count and the preview's list are everyone's.
    assert confirmation.context["recipients"] == 2
    assert sorted(p.family_name for p in confirmation.context["preview_choices"]) == [
        "Plainova",
        "Refusedova",
    ]
    assert "Visa request" not in confirmation.content.decode()
    assert refused.family_name in confirmation.content.decode()


def test_a_superuser_still_chooses_by_visa_state(admin_client, conference):
    VisaRequestFactory(
        registration=person(conference, "Refusedova"),
        status="refused",
        refusal_reason="Documents missing",
    )
    person(conference, "Plainova")
    assert "visa_status" in admin_client.get(COMPOSE).context["form"].fields
    confirmation = admin_client.post(COMPOSE, compose(conference, visa_status=["refused"]))
    assert confirmation.context["recipients"] == 1


def test_a_registration_manager_does_not_see_who_got_a_visa_message(admin_user, conference):
    VisaRequestFactory(
        registration=person(conference, "Refusedova"),
        status="refused",
        refusal_reason="Documents missing",
    )
    plain, _ = messaging.start_message(
        conference=conference,
        audience={"status": ["confirmed"]},
        texts={"subject_en": "All", "body_en": "Everyone."},
        created_by=admin_user,
        key="0b9f7f2e-3c4d-4e5f-9a8b-7c6d5e4f3a2b",
    )
    messaging.start_message(
        conference=conference,
        audience={"status": ["confirmed"], "visa_status": ["refused"]},
        texts={"subject_en": "Visa", "body_en": "About your visa."},
        created_by=admin_user,
        key="1c0a8e3f-4d5e-4f60-8b9c-8d7e6f5a4b3c",
    )
    # Both send logs were written when the messages were confirmed.
    manager = signed_in("manager", role="registration_manager", staff=True)
    log = manager.get("/admin/messaging/recipient/")
    assert log.status_code == 200
    assert {row.message_id for row in log.context["cl"].result_list} == {plain.pk}

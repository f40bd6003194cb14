"""State changes never lose a person: the waiting list after closing, approving someone who
registered again, moving a conference online, erasing after cancelling."""

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from attending import joins
from events.services import save_conference
from registration import services
from registration.models import Registration
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory
from tests.jobs.helpers import act_and_run
from tests.registration.conftest import confirm_path, full_with_one_waiting
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"


def subjects():
    return [m.subject.split("] ", 1)[1] for m in mail.outbox]


def close_registration(conference):
    conference.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    save_conference(conference=conference)


def end_conference(conference):
    conference.starts_at = timezone.now() - dt.timedelta(days=5)
    conference.ends_at = timezone.now() - dt.timedelta(days=1)
    save_conference(conference=conference)


def cancel_conference(conference):
    conference.status = "cancelled"
    save_conference(conference=conference)


FREE_A_SEAT = {
    "cancel": lambda r, user: services.cancel(registration=r),
    "decline": lambda r, user: services.decline(registration=r, user=user),
    "erase": lambda r, user: services.erase_personal_data(registration=r),
}


# --- the waiting list moves only while registration is open -------------------------------
@pytest.mark.parametrize("freeing", sorted(FREE_A_SEAT))
def test_a_freed_seat_goes_to_the_waiting_list_while_registration_is_open(
    conference, admin_user, django_capture_on_commit_callbacks, freeing
):
    holders, waiting = full_with_one_waiting(conference)
    with django_capture_on_commit_callbacks(execute=True):
        FREE_A_SEAT[freeing](holders[0], admin_user)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert "A place is yours: you are registered" in subjects()


@pytest.mark.parametrize("freeing", sorted(FREE_A_SEAT))
@pytest.mark.parametrize("ending", [close_registration, end_conference, cancel_conference])
def test_nobody_is_promoted_once_registration_closed_the_conference_ended_or_was_cancelled(
    conference, admin_user, django_capture_on_commit_callbacks, freeing, ending
):
    holders, waiting = full_with_one_waiting(conference)
    ending(conference)
    with django_capture_on_commit_callbacks(execute=True):
        FREE_A_SEAT[freeing](holders[0], admin_user)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attendance_mode) == ("waiting_list", "in_person")
    assert "A place is yours: you are registered" not in subjects()
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_raising_the_capacity_after_closing_promotes_nobody(
    conference, django_capture_on_commit_callbacks
):
    _holders, waiting = full_with_one_waiting(conference)
    close_registration(conference)
    with django_capture_on_commit_callbacks(execute=True):
        conference.in_person_capacity = 10
        save_conference(conference=conference)
    waiting.refresh_from_db()
    assert waiting.status == "waiting_list"
    assert mail.outbox == []


def test_reopening_registration_gives_the_free_seat_to_the_waiting_list(
    conference, django_capture_on_commit_callbacks
):
    holders, waiting = full_with_one_waiting(conference)
    close_registration(conference)
    services.cancel(registration=holders[0])
    with django_capture_on_commit_callbacks(execute=True):
        conference.registration_closes_at = timezone.now() + dt.timedelta(days=1)
        save_conference(conference=conference)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_organisers_cannot_promote_by_hand_once_the_conference_is_cancelled(conference, admin_user):
    holders, waiting = full_with_one_waiting(conference)
    cancel_conference(conference)
    services.cancel(registration=holders[0])
    with pytest.raises(services.RegistrationClosed) as refused:
        services.promote(registration=waiting, user=admin_user)
    assert refused.value.message == "This conference is over or cancelled: nothing can change."
    waiting.refresh_from_db()
    assert waiting.status == "waiting_list"


def test_organisers_can_still_promote_by_hand_after_registration_closed(conference, admin_user):
    holders, waiting = full_with_one_waiting(conference)
    close_registration(conference)
    services.cancel(registration=holders[0])
    services.promote(registration=waiting, user=admin_user)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == ("confirmed", admin_user)


# --- approving a declined person who registered again ---------------------------------------
def test_approving_a_declined_registration_whose_person_registered_again_is_a_message(
    admin_client, conference, django_capture_on_commit_callbacks
):
    declined = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="declined",
        email="anna@example.org",
    )
    again = RegistrationFactory(
        conference=conference, attendance_mode="online", email="anna@example.org"
    )
    job = act_and_run(
        admin_client, django_capture_on_commit_callbacks, CHANGELIST, "approve_selected", [declined]
    )
    assert job.message.splitlines() == [
        "0 registrations approved.",
        f"{declined.full_name}: This person has registered again since being declined: "
        "decide on their newer registration instead.",
    ]
    declined.refresh_from_db()
    again.refresh_from_db()
    assert (declined.status, again.status) == ("declined", "confirmed")
    assert mail.outbox == []


def test_approving_a_declined_registration_without_a_newer_one_still_works(conference, admin_user):
    declined = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="declined"
    )
    services.approve(registration=declined, user=admin_user)
    declined.refresh_from_db()
    assert declined.status == "confirmed"


# --- the conference moves online --------------------------------------------------------------
@pytest.fixture
def mixed(conference):
    """Every kind of in-person registration, and one online attendee."""
    return {
        "seated": RegistrationFactory(
            conference=conference, attendance_mode="in_person", visa_letter_wanted=True
        ),
        "waiting": RegistrationFactory(
            conference=conference,
            attendance_mode="in_person",
            status="waiting_list",
            waiting_since=timezone.now() - dt.timedelta(days=2),
        ),
        "undecided": RegistrationFactory(
            conference=conference, attendance_mode="in_person", status="awaiting_approval"
        ),
        "unconfirmed": RegistrationFactory(
            conference=conference,
            attendance_mode="in_person",
            status="pending_email",
            email_confirmed_at=None,
        ),
        "online": RegistrationFactory(conference=conference, attendance_mode="online"),
        "cancelled": RegistrationFactory(
            conference=conference, attendance_mode="in_person", status="cancelled"
        ),
    }


def states(people):
    return {
        name: (person.attendance_mode, person.status, person.visa_letter_wanted)
        for name, person in ((n, Registration.objects.get(pk=p.pk)) for n, p in people.items())
    }


@pytest.mark.parametrize(
    "change", [{"attendance_mode": "online"}, {"status": "moved_online"}], ids=["mode", "status"]
)
def test_moving_online_makes_in_person_registrations_online_ones_and_tells_everyone(
    conference, mixed, django_capture_on_commit_callbacks, change
):
    opening = SessionFactory(conference=conference, format="hybrid")
    JoinOptionFactory(session=opening, url="https://meet.example.org/opening")
    with django_capture_on_commit_callbacks(execute=True):
        for field, value in change.items():
            setattr(conference, field, value)
        save_conference(conference=conference)
    # The organiser's save answers at once; the mails are built by the task worker.
    assert mail.outbox == []
    run_tasks()
    assert states(mixed) == {
        "seated": ("online", "confirmed", False),
        "waiting": ("online", "confirmed", False),
        "undecided": ("online", "confirmed", False),
        "unconfirmed": ("online", "pending_email", False),
        "online": ("online", "confirmed", False),
        "cancelled": ("in_person", "cancelled", False),
    }
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted(p.email for name, p in mixed.items() if name != "cancelled")
    assert {m.subject for m in mail.outbox} == {
        "[Science and Technology Bridge Continents] The conference has moved online"
    }
    seated = by_address[mixed["seated"].email]
    assert "Your registration is confirmed: you take part online." in seated.body
    [(filename, ics, mimetype)] = seated.attachments
    assert filename == "bridge-continents.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics)
    [session] = [e for e in calendar.walk("VEVENT") if "/programme/" in str(e.get("URL"))]
    token = joins.pass_for(mixed["seated"]).token
    personal = f"{settings.SITE_URL}/join/{opening.pk}/{token}/"
    assert f"Join online: {personal}\n" in str(session.get("DESCRIPTION"))
    assert "meet.example.org" not in ics
    unconfirmed = by_address[mixed["unconfirmed"].email]
    assert unconfirmed.attachments == []
    assert confirm_path(unconfirmed) == (
        f"/registration/manage/{mixed['unconfirmed'].manage_token}/confirm/"
    )


def test_moving_online_keeps_the_waiting_turn_when_online_places_are_full(
    conference, django_capture_on_commit_callbacks
):
    conference.online_capacity = 1
    save_conference(conference=conference)
    earlier = timezone.now() - dt.timedelta(days=3)
    seated = RegistrationFactory(conference=conference, attendance_mode="in_person")
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=earlier,
    )
    with django_capture_on_commit_callbacks(execute=True):
        conference.attendance_mode = "online"
        save_conference(conference=conference)
    seated.refresh_from_db()
    waiting.refresh_from_db()
    # The seat holder keeps a place even beyond the online capacity: nobody is lost.
    assert (seated.attendance_mode, seated.status) == ("online", "confirmed")
    assert (waiting.attendance_mode, waiting.status) == ("online", "waiting_list")
    assert waiting.waiting_since == earlier
    run_tasks()
    told = {m.to[0]: m.body for m in mail.outbox}
    assert "you keep your turn on the waiting list" in " ".join(told[waiting.email].split())


def test_a_change_that_keeps_in_person_attendance_moves_nobody(
    conference, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference.status = "postponed"
        save_conference(conference=conference)
    after = states(mixed)
    assert after["seated"] == ("in_person", "confirmed", True)
    assert after["undecided"] == ("in_person", "awaiting_approval", False)
    assert after["unconfirmed"] == ("in_person", "pending_email", False)
    # A seat was free, so the status change let the waiting list move up; nothing else.
    assert after["waiting"] == ("in_person", "confirmed", False)
    assert subjects() == ["A place is yours: you are registered"]


# --- confirming an address respects the modes and the window ---------------------------------
def test_confirming_takes_the_mode_the_conference_offers_now(browser, conference):
    """Registered online while the conference was hybrid; it is now in person only: the
    confirmation decides an in-person place by the in-person rules."""
    pending = RegistrationFactory(
        conference=conference,
        attendance_mode="online",
        status="pending_email",
        email_confirmed_at=None,
        email="olga@tpu.ru",
    )
    conference.attendance_mode = "in_person"
    save_conference(conference=conference)
    response = browser.post(
        f"/registration/manage/{pending.manage_token}/confirm/", {"confirm": "True"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.attendance_mode, pending.status, pending.eligibility_route) == (
        "in_person",
        "confirmed",
        "member_domain",
    )
    assert subjects() == ["You are registered"]


def test_confirming_after_registration_closed_takes_no_place(browser, conference):
    pending = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="pending_email",
        email_confirmed_at=None,
    )
    close_registration(conference)
    response = browser.post(
        f"/registration/manage/{pending.manage_token}/confirm/", {"confirm": "True"}
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Registration closed before your address was confirmed, so no place was taken."
    ]
    assert "Registration closed on" in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.email_confirmed_at) == ("pending_email", None)
    assert mail.outbox == []


# --- erasing after cancelling ------------------------------------------------------------------
def test_after_cancelling_the_same_link_still_erases_the_data(browser, conference):
    person = RegistrationFactory(
        conference=conference, given_name="Olga", family_name="Petrova", email="olga@tpu.ru"
    )
    token = person.manage_token
    response = browser.post(f"/registration/manage/{token}/cancel/", {"confirm": "True"})
    assert response.status_code == 200
    assert f'href="/registration/manage/{token}/erase/"' in response.content.decode()
    [cancelled_mail] = mail.outbox
    assert f"https://conference.example.org/registration/manage/{token}/erase/" in (
        cancelled_mail.body
    )
    page = browser.get(f"/registration/manage/{token}/erase/")
    assert page.status_code == 200
    assert "Your registration is cancelled. We remove your name" in page.content.decode()
    assert "Keep my registration" not in page.content.decode()
    response = browser.post(f"/registration/manage/{token}/erase/", {"confirm": "True"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.status) == ("Erased", "", "cancelled")
    assert person.email.endswith("@erased.invalid")
    assert person.erased_at is not None
    # Erased: the link opens nothing any more, not even the erase page.
    assert browser.get(f"/registration/manage/{token}/erase/").status_code == 404


@pytest.mark.parametrize("page", ["", "confirm/", "cancel/", "calendar.ics"])
def test_every_other_page_of_a_cancelled_link_stays_closed(browser, conference, page):
    person = RegistrationFactory(conference=conference, status="cancelled")
    response = browser.get(f"/registration/manage/{person.manage_token}/{page}")
    assert response.status_code == 404
    for action in ["details/", "switch/"]:
        posted = browser.post(f"/registration/manage/{person.manage_token}/{action}", {})
        assert posted.status_code == 404


def test_someone_who_cancels_before_the_mails_go_out_is_not_told(
    conference, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference.attendance_mode = "online"
        save_conference(conference=conference)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration=Registration.objects.get(pk=mixed["online"].pk))
    mail.outbox.clear()

    run_tasks()

    told = sorted(m.to[0] for m in mail.outbox)
    expected = [p.email for n, p in mixed.items() if n not in ("cancelled", "online")]
    assert told == sorted(expected)

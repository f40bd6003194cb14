"""A confirmed online attendee who asks for an in-person seat keeps the online place until
a seat is theirs: asking never costs a place, and the page says what will happen first."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from events.services import save_conference
from registration import links, services
from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def manage(registration):
    return f"/registration/manage/{registration.manage_token}/"


def subjects():
    return [m.subject.split("] ", 1)[1] for m in mail.outbox]


def fill_the_room(conference):
    return RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")


def state(registration):
    registration.refresh_from_db()
    return (registration.attendance_mode, registration.status, registration.seat_request)


@pytest.fixture
def member(conference):
    """A confirmed online attendee whose address belongs to a member institution."""
    return RegistrationFactory(conference=conference, attendance_mode="online", email="ol@tpu.ru")


@pytest.fixture
def outsider(conference):
    """A confirmed online attendee whose address the in-person rules do not recognise."""
    return RegistrationFactory(
        conference=conference, attendance_mode="online", email="ol@gmail.example"
    )


def test_the_page_says_a_free_seat_is_taken_at_once_and_it_is(browser, conference, member):
    page = browser.get(manage(member))
    assertContains(
        page,
        "A seat is free for you: pressing the button gives it to you at once, and your online "
        "place goes to someone else.",
    )
    assertContains(page, "Take the in-person seat</button>")
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    assert state(member) == ("in_person", "confirmed", "")
    assert subjects() == ["You switched to in person"]


def test_the_online_place_goes_on_when_the_seat_is_taken(browser, conference, member):
    conference.online_capacity = 1
    save_conference(conference=conference)
    waiting_online = RegistrationFactory(
        conference=conference,
        attendance_mode="online",
        status="waiting_list",
        waiting_since=timezone.now(),
    )
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    assert state(member) == ("in_person", "confirmed", "")
    assert state(waiting_online) == ("online", "confirmed", "")
    assert sorted(subjects()) == [
        "A place is yours: you are registered",
        "You switched to in person",
    ]


def test_asking_when_the_room_is_full_keeps_the_online_place(browser, conference, member):
    fill_the_room(conference)
    page = browser.get(manage(member))
    assertContains(
        page,
        "All seats are taken: pressing the button puts you on the waiting list for a seat. "
        "You keep your online place until a seat is yours.",
    )
    assertContains(page, "Ask for an in-person seat</button>")
    response = browser.post(
        manage(member) + "switch/", {"attendance_mode": "in_person"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "No seat is free yet: you are on the waiting list for one, and keep your online place "
        "until a seat is yours."
    ]
    assert state(member) == ("online", "confirmed", "waiting_list")
    assert member.waiting_since is not None
    assert subjects() == ["Your request for an in-person seat"]
    assert "Your online place stays yours meanwhile" in mail.outbox[0].body
    # Still confirmed online: the calendar with join links keeps working.
    assert browser.get(links.calendar_feed_path(member)).status_code == 200
    assertContains(response, "Withdraw my request, stay online</button>")


def test_a_freed_seat_goes_to_whoever_waited_first_then_to_the_online_requester(
    browser, conference, member
):
    holders = fill_the_room(conference)
    earlier = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=timezone.now() - dt.timedelta(days=1),
    )
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    mail.outbox.clear()
    browser.post(manage(holders[0]) + "cancel/", {"confirm": "True"})
    assert state(earlier) == ("in_person", "confirmed", "")
    assert state(member) == ("online", "confirmed", "waiting_list")
    browser.post(manage(holders[1]) + "cancel/", {"confirm": "True"})
    assert state(member) == ("in_person", "confirmed", "")
    assert member.waiting_since is None
    to_member = [m for m in mail.outbox if m.to == [member.email]]
    assert [m.subject.split("] ")[1] for m in to_member] == ["A place is yours: you are registered"]


def test_asking_twice_keeps_the_turn_and_sends_one_mail(browser, conference, member):
    holders = fill_the_room(conference)
    other = RegistrationFactory(conference=conference, attendance_mode="online", email="b@tpu.ru")
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    first_asked = Registration.objects.get(pk=member.pk).waiting_since
    services.switch_mode(registration=other, mode="in_person")
    mail.outbox.clear()

    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})  # again

    member.refresh_from_db()
    assert (member.seat_request, member.waiting_since) == ("waiting_list", first_asked)
    assert mail.outbox == []
    services.cancel(registration=holders[0])
    assert state(member) == ("in_person", "confirmed", "")
    assert state(other) == ("online", "confirmed", "waiting_list")


def test_withdrawing_the_request_stays_online(browser, conference, member):
    fill_the_room(conference)
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    browser.post(manage(member) + "switch/", {"attendance_mode": "online"})
    assert state(member) == ("online", "confirmed", "")
    assert subjects()[-1] == "You keep taking part online"
    # A seat freed later is not given to someone who withdrew.
    services.cancel(registration=Registration.objects.filter(attendance_mode="in_person")[0])
    assert state(member) == ("online", "confirmed", "")


def test_an_outsider_asks_the_organisers_and_keeps_the_online_place(
    browser, conference, outsider, admin_user
):
    page = browser.get(manage(outsider))
    assertContains(page, "pressing the button asks the organisers to decide. You keep your")
    browser.post(manage(outsider) + "switch/", {"attendance_mode": "in_person"})
    assert state(outsider) == ("online", "confirmed", "awaiting_approval")
    services.approve(registration=outsider, user=admin_user)
    assert state(outsider) == ("in_person", "confirmed", "")
    assert outsider.decided_by == admin_user


def test_approved_when_the_room_is_full_waits_for_a_seat_still_online(
    browser, conference, outsider, admin_user
):
    browser.post(manage(outsider) + "switch/", {"attendance_mode": "in_person"})
    fill_the_room(conference)
    services.approve(registration=outsider, user=admin_user)
    assert state(outsider) == ("online", "confirmed", "waiting_list")
    with pytest.raises(services.NoPlaceLeft):
        services.promote(registration=outsider, user=admin_user)
    conference.in_person_capacity = 4
    save_conference(conference=conference)
    assert state(outsider) == ("in_person", "confirmed", "")


def test_declining_the_request_keeps_the_online_place(browser, conference, outsider, admin_user):
    browser.post(manage(outsider) + "switch/", {"attendance_mode": "in_person"})
    mail.outbox.clear()
    with browser.capture(execute=True):
        services.decline(registration=outsider, user=admin_user)
    assert state(outsider) == ("online", "confirmed", "")
    [declined] = mail.outbox
    assert "Your online place stays yours: you take part online as before." in declined.body


def test_cancelling_with_a_request_pending_ends_both(browser, conference, member):
    fill_the_room(conference)
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    browser.post(manage(member) + "cancel/", {"confirm": "True"})
    assert state(member) == ("online", "cancelled", "")


def test_moving_online_settles_the_requests(browser, conference, member):
    fill_the_room(conference)
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    conference.attendance_mode = "online"
    save_conference(conference=conference)
    assert state(member) == ("online", "confirmed", "")


def test_after_registration_closed_asking_is_refused_and_the_place_kept(
    browser, conference, member
):
    conference.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    save_conference(conference=conference)
    response = browser.post(
        manage(member) + "switch/", {"attendance_mode": "in_person"}, follow=True
    )
    assertContains(response, "Registration has closed, so no seat in person can be taken")
    assertNotContains(response, "Withdraw my request")
    assert state(member) == ("online", "confirmed", "")


def test_after_registration_closed_the_page_offers_no_seat_but_still_online(
    browser, conference, member
):
    in_person = RegistrationFactory(conference=conference, attendance_mode="in_person")
    conference.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    save_conference(conference=conference)
    page = browser.get(manage(member))
    assertNotContains(page, "Ask for an in-person seat")
    assertNotContains(page, "Take the in-person seat")
    assertNotContains(page, 'id="switch-heading"')
    assertContains(browser.get(manage(in_person)), "Switch to online</button>")


def test_after_the_conference_ended_the_page_offers_no_switch(browser, conference, member):
    in_person = RegistrationFactory(conference=conference, attendance_mode="in_person")
    conference.starts_at = timezone.now() - dt.timedelta(days=5)
    conference.ends_at = timezone.now() - dt.timedelta(days=1)
    conference.registration_opens_at = conference.starts_at - dt.timedelta(days=30)
    conference.registration_closes_at = conference.starts_at
    save_conference(conference=conference)
    for person in (member, in_person):
        assertNotContains(browser.get(manage(person)), 'id="switch-heading"')
    response = browser.post(
        manage(member) + "switch/", {"attendance_mode": "in_person"}, follow=True
    )
    assertContains(response, "This conference is over or cancelled: nothing can change.")
    assert state(member) == ("online", "confirmed", "")


def test_a_pending_request_can_be_withdrawn_after_registration_closed(browser, conference, member):
    fill_the_room(conference)
    browser.post(manage(member) + "switch/", {"attendance_mode": "in_person"})
    conference.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    save_conference(conference=conference)
    page = browser.get(manage(member))
    assertContains(page, "Withdraw my request, stay online")
    assertNotContains(page, "Ask for an in-person seat")


def test_the_database_refuses_a_request_without_an_online_place(conference):
    from django.db import IntegrityError, transaction

    person = RegistrationFactory(conference=conference, attendance_mode="in_person")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=person.pk).update(seat_request="waiting_list")


@pytest.mark.parametrize("size", [1, 200])
def test_the_prediction_keeps_the_manage_page_budget(
    client, conference, member, django_assert_num_queries, size
):
    RegistrationFactory.create_batch(
        size, conference=conference, attendance_mode="in_person", status="waiting_list"
    )
    # Registration, place counts, sessions; eligibility and the number waiting for a seat;
    # the sessions to join online (attending/joins.py); the programme's join links: the
    # joinable sessions, none here (registration.extensions.join_links_for); the
    # organisers' questions; the consents of the "Your data" panel (privacy/panel.py).
    with django_assert_num_queries(9):
        response = client.get(manage(member))
    assertContains(response, "All seats are taken" if size > 3 else "A seat is free")


@pytest.mark.parametrize(
    ("prefix", "notice"),
    [
        (
            "/ru",
            "Свободных мест в зале пока нет: Вы в листе ожидания места, а онлайн-место "
            "остаётся за Вами, пока место в зале не станет Вашим.",
        ),
        (
            "/zh-hans",
            "暂无空余的线下座位：您已进入线下座位候补名单，在获得座位之前，您保留线上名额。",
        ),
    ],
    ids=["ru", "zh-hans"],
)
def test_the_waiting_list_notice_speaks_the_pages_language(
    browser, conference, member, prefix, notice
):
    fill_the_room(conference)
    response = browser.post(
        prefix + manage(member) + "switch/", {"attendance_mode": "in_person"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [notice]
    assert state(member) == ("online", "confirmed", "waiting_list")


@pytest.mark.parametrize(
    ("prefix", "notice"),
    [
        (
            "/ru",
            "Решение о Вашем месте в зале примут организаторы; тем временем онлайн-место "
            "остаётся за Вами.",
        ),
        ("/zh-hans", "主办方将决定您的线下座位；在此期间，您保留线上名额。"),
    ],
    ids=["ru", "zh-hans"],
)
def test_the_notice_of_a_request_for_the_organisers_speaks_the_pages_language(
    browser, conference, outsider, prefix, notice
):
    response = browser.post(
        prefix + manage(outsider) + "switch/", {"attendance_mode": "in_person"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [notice]
    assert state(outsider) == ("online", "confirmed", "awaiting_approval")

"""Each path an attendee takes, end to end through the test client, emails followed."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from registration import links
from registration.models import InvitationCode, Registration
from tests.factories import InvitationCodeFactory, RegistrationFactory
from tests.registration.conftest import confirm_path, form_data, manage_path

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


def checked_modes(html):
    return re.findall(r'name="attendance_mode" value="(\w+)"[^>]*\bchecked\b', html)


def register_and_confirm(browser, **overrides):
    """Submits the form, follows the emailed link, presses the button. Returns the
    registration and the email that followed the confirmation."""
    mail.outbox.clear()
    response = browser.post(REGISTER, form_data(**overrides))
    assert response.status_code == 302
    assert response["Location"] == "/events/bridge-continents/register/sent/"
    assert len(mail.outbox) == 1
    confirm_mail = mail.outbox[0]
    assert confirm_mail.subject == (
        "[Science and Technology Bridge Continents] Please confirm your email address"
    )
    path = confirm_path(confirm_mail)
    page = browser.get(path)
    assert page.status_code == 200
    assert "Confirm my address" in page.content.decode()
    response = browser.post(path, {"confirm": "True"})
    assert response.status_code == 302
    assert response["Location"] == manage_path(confirm_mail)
    assert len(mail.outbox) == 2
    registration = Registration.objects.active().get(
        email__iexact=overrides.get("email", "anna.ivanova@tpu.ru")
    )
    return registration, mail.outbox[1]


def test_register_page_shows_the_form_and_seats(browser, conference):
    response = browser.get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Register for Science and Technology Bridge Continents" in html
    assert "3 in-person seats left." in html
    text = " ".join(html.split())
    for name, label in [
        ("given_name", "Given name"),
        ("family_name", "Family name"),
        ("email", "Email address"),
        ("institution", "Institution"),
        ("country", "Country"),
    ]:
        assert f'for="id_{name}" class="form-label requiredField"> {label}<span' in text
    assert checked_modes(html) == []
    assert 'href="/privacy/"' in html
    assert 'name="website_url"' in html  # the honeypot is there, hidden by CSS


def test_member_registers_in_person_and_gets_a_seat_with_calendar(browser, conference):
    registration, mail_after = register_and_confirm(browser)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attendance_mode == "in_person"
    assert registration.eligibility_route == Registration.EligibilityRoute.MEMBER_DOMAIN
    assert registration.member_institution.name == "Tomsk Polytechnic University"
    assert registration.given_name == "Анна"
    assert mail_after.subject == "[Science and Technology Bridge Continents] You are registered"
    assert mail_after.to == ["anna.ivanova@tpu.ru"]
    assert "you have a seat in Tomsk" in mail_after.body
    assert "Dear Анна," in mail_after.body
    html_body, mimetype = mail_after.alternatives[0]
    assert mimetype == "text/html"
    assert "Dear Анна," in html_body
    assert f'href="https://conference.example.org{manage_path(mail_after)}"' in html_body
    # The .ics attachment is the conference's own entry (same UID) at the right instant.
    [(filename, content, content_type)] = mail_after.attachments
    assert filename == "bridge-continents.ics"
    assert content_type.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]) == f"conference-{conference.calendar_uid}@conference-site.tpu.ru"
    assert event.decoded("DTSTART") == conference.starts_at
    assert "In person in Tomsk" in str(event["DESCRIPTION"])

    page = browser.get(manage_path(mail_after))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span class="status-badge status-badge-confirmed">Confirmed</span>' in html
    assert "Your seat in Tomsk is reserved." in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in page["Cache-Control"]

    # The page offers the personal calendar feed, at its own link.
    [feed] = re.findall(
        r'id="calendar-feed-url"[^>]* value="https://conference\.example\.org([^"]+)"', html
    )
    assert feed == links.calendar_feed_path(registration)
    ics = browser.get(feed)
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]["UID"] == event["UID"]


def test_subdomain_of_member_is_eligible(browser, conference):
    registration, _mail_after = register_and_confirm(browser, email="Lab.Head@CS.TPU.RU")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "lab.head@cs.tpu.ru"  # one rule: case-blind, stored so
    assert registration.eligibility_route == "member_domain"


def test_lookalike_domain_is_not_eligible(browser, conference):
    registration, _mail_after = register_and_confirm(browser, email="someone@nottpu.ru")
    assert registration.status == Registration.Status.AWAITING_APPROVAL


def test_online_is_confirmed_at_once_for_anyone(browser, conference):
    registration, mail_after = register_and_confirm(
        browser,
        attendance_mode="online",
        email="li.wei@example.cn",
        given_name="伟",
        family_name="李",
        country="CN",
        dietary_needs="ignored for online",
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attendance_mode == "online"
    assert registration.dietary_needs == ""
    assert "you take part online" in mail_after.body
    assert "Dear 李伟," in mail_after.body  # a Chinese name whole, family name first
    assert len(mail_after.attachments) == 1


def test_online_capacity_full_puts_on_waiting_list(browser, conference):
    conference.online_capacity = 1
    conference.save()
    RegistrationFactory(conference=conference, attendance_mode="online")
    registration, mail_after = register_and_confirm(
        browser, attendance_mode="online", email="late@example.com"
    )
    assert registration.status == Registration.Status.WAITING_LIST
    assert mail_after.subject.endswith("You are on the waiting list")
    assert "online places" in mail_after.body


def test_not_eligible_awaits_decision_and_is_told_plainly(browser, conference):
    registration, mail_after = register_and_confirm(browser, email="guest@example.com")
    assert registration.status == Registration.Status.AWAITING_APPROVAL
    assert registration.eligibility_route == "none"
    assert mail_after.subject.endswith("the organisers will decide")
    assert "the organisers will look at your registration" in mail_after.body
    assert mail_after.attachments == []
    html = browser.get(manage_path(mail_after)).content.decode()
    assert "Awaiting the organisers’ decision" in html
    assert "so the organisers will decide and tell you by email" in html


def test_invitation_code_makes_a_guest_eligible_and_is_used_up(browser, conference):
    InvitationCodeFactory(conference=conference, code="BRIDGE-2022", max_uses=1)
    registration, _ = register_and_confirm(
        browser, email="guest@example.com", invitation_code="bridge-2022"
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.eligibility_route == "invitation"
    assert InvitationCode.objects.get().used_count == 1
    # The only use is taken: the next guest's form says so.
    response = browser.post(
        REGISTER, form_data(email="second@example.com", invitation_code="BRIDGE-2022")
    )
    assert response.status_code == 200
    assert "This code is not valid for this conference, or it has expired." in (
        response.content.decode()
    )


def test_expired_invitation_code_is_refused(browser, conference):
    InvitationCodeFactory(
        conference=conference,
        code="OLD-CODE-1",
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = browser.post(
        REGISTER, form_data(email="g@example.com", invitation_code="OLD-CODE-1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["invitation_code"] == [
        "This code is not valid for this conference, or it has expired."
    ]
    assert Registration.objects.count() == 0


def test_full_room_says_so_before_submitting_and_offers_online(browser, conference):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    html = browser.get(REGISTER).content.decode()
    assert "All in-person seats are taken." in html
    assert "In person in Tomsk (seats are full: join the waiting list)" in html
    # Online is preselected, so one press of Register takes part online.
    assert checked_modes(html) == ["online"]
    registration, mail_after = register_and_confirm(browser, email="x@tpu.ru")
    assert registration.status == Registration.Status.WAITING_LIST
    assert registration.waiting_since is not None
    assert "All in-person seats for" in mail_after.body


def test_cancel_frees_the_seat_for_the_first_on_the_waiting_list(browser, conference):
    holders = RegistrationFactory.create_batch(
        3, conference=conference, attendance_mode="in_person"
    )
    now = timezone.now()
    first = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=now - dt.timedelta(hours=2),
        email="first@tpu.ru",
    )
    second = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=now - dt.timedelta(hours=1),
    )
    token_path = f"/registration/manage/{holders[0].manage_token}/"
    page = browser.get(token_path + "cancel/")
    assert "Your seat goes to the next person on the waiting list." in page.content.decode()
    mail.outbox.clear()
    response = browser.post(token_path + "cancel/", {"confirm": "True"})
    assert response.status_code == 200
    assert "Your registration is cancelled" in response.content.decode()
    holders[0].refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holders[0].status == "cancelled"
    assert first.status == "confirmed"
    assert second.status == "waiting_list"
    subjects = {(m.to[0], m.subject.split("] ")[1]) for m in mail.outbox}
    assert subjects == {
        (holders[0].email, "Your registration is cancelled"),
        ("first@tpu.ru", "A place is yours: you are registered"),
    }
    seat_mail = next(m for m in mail.outbox if m.to == ["first@tpu.ru"])
    assert len(seat_mail.attachments) == 1
    # The cancelled link now gives a clear 404 page.
    gone = browser.get(token_path)
    assert gone.status_code == 404
    assert "This link is not valid" in gone.content.decode()


def test_switch_to_online_frees_seat_and_back_applies_rules(browser, conference):
    registration, mail_after = register_and_confirm(browser)
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since=timezone.now(),
    )
    RegistrationFactory.create_batch(2, conference=conference, attendance_mode="in_person")
    path = manage_path(mail_after)
    mail.outbox.clear()
    response = browser.post(path + "switch/", {"attendance_mode": "online"})
    assert response.status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.attendance_mode, registration.status) == ("online", "confirmed")
    assert waiting.status == "confirmed"
    assert sorted(m.subject.split("] ")[1] for m in mail.outbox) == [
        "A place is yours: you are registered",
        "You switched to online",
    ]
    page = browser.get(path)
    assert "You now take part online. Status: confirmed." in page.content.decode()
    # Back to in person: the room is full again, so the waiting list for a seat, while
    # the online place stays theirs.
    browser.post(path + "switch/", {"attendance_mode": "in_person"})
    registration.refresh_from_db()
    assert (registration.attendance_mode, registration.status, registration.seat_request) == (
        "online",
        "confirmed",
        "waiting_list",
    )


def test_after_registration_closes_only_online_remains_open_to_switch(browser, conference):
    registration, mail_after = register_and_confirm(browser, attendance_mode="online")
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.registration_opens_at = timezone.now() - dt.timedelta(days=30)
    conference.save()
    path = manage_path(mail_after)
    response = browser.post(path + "switch/", {"attendance_mode": "in_person"}, follow=True)
    assert "Registration has closed, so no seat in person can be taken any more." in (
        response.content.decode()
    )
    registration.refresh_from_db()
    assert (registration.attendance_mode, registration.status) == ("online", "confirmed")


def test_change_details_keeps_email_and_mails_confirmation(browser, conference):
    registration, mail_after = register_and_confirm(browser)
    path = manage_path(mail_after)
    mail.outbox.clear()
    response = browser.post(
        path + "details/",
        {
            "given_name": "Anna",
            "family_name": "Ivanova",
            "institution": "TPU",
            "position": "",
            "country": "KZ",
            "accessibility_needs": "Step-free access",
            "dietary_needs": "",
            "list_publicly": "on",
            "email": "attacker@example.com",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.family_name == "Ivanova"
    assert registration.country.code == "KZ"
    assert registration.accessibility_needs == "Step-free access"
    assert registration.list_publicly is True
    assert registration.email == "anna.ivanova@tpu.ru"
    [changed] = mail.outbox
    assert changed.subject.endswith("Your details were changed")
    assert "Anna Ivanova, TPU, Kazakhstan." in changed.body


def test_details_errors_are_shown_not_500(browser, conference):
    registration = RegistrationFactory(conference=conference)
    path = f"/registration/manage/{registration.manage_token}/details/"
    response = browser.post(path, {"given_name": "", "family_name": "x" * 101, "country": "XX"})
    assert response.status_code == 400
    errors = response.context["details_form"].errors
    assert set(errors) == {"given_name", "family_name", "country", "institution"}


def test_erase_personal_data(browser, conference):
    registration, mail_after = register_and_confirm(browser)
    path = manage_path(mail_after)
    mail.outbox.clear()
    page = browser.post(path + "erase/", {"confirm": "True"})
    assert page.status_code == 200
    assert "Your personal data are erased" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.given_name == "Erased"
    assert registration.family_name == ""
    assert "tpu.ru" not in registration.email
    assert registration.institution == ""
    assert registration.dietary_needs == ""
    assert registration.erased_at is not None
    assert browser.get(path).status_code == 404
    assert mail.outbox == []


def test_confirm_link_twice_changes_nothing(browser, conference):
    _registration, mail_after = register_and_confirm(browser)
    response = browser.get(confirm_path(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == manage_path(mail_after)
    assert Registration.objects.get().status == "confirmed"


def test_second_registration_gets_link_again_and_looks_the_same(browser, conference):
    _registration, mail_after = register_and_confirm(browser)
    mail.outbox.clear()
    response = browser.post(REGISTER, form_data(email="ANNA.IVANOVA@tpu.ru", given_name="Other"))
    assert response.status_code == 302
    assert response["Location"] == "/events/bridge-continents/register/sent/"
    assert Registration.objects.count() == 1
    [again] = mail.outbox
    assert again.to == ["anna.ivanova@tpu.ru"]
    assert again.subject.endswith("Your registration link")
    assert "You are already registered, so nothing has changed." in again.body
    assert manage_path(again) == manage_path(mail_after)
    sent = browser.get(response["Location"]).content.decode()
    assert "If you had already registered with this address" in sent


def test_second_try_while_unconfirmed_resends_the_confirmation(browser, conference):
    browser.post(REGISTER, form_data())
    first = mail.outbox[0]
    mail.outbox.clear()
    browser.post(REGISTER, form_data())
    [again] = mail.outbox
    assert again.subject.endswith("Please confirm your email address")
    assert confirm_path(again) == confirm_path(first)
    assert Registration.objects.count() == 1


def test_after_cancelling_one_may_register_again(browser, conference):
    old = RegistrationFactory(
        conference=conference, email="anna.ivanova@tpu.ru", status="cancelled"
    )
    registration, _ = register_and_confirm(browser)
    assert registration.pk != old.pk
    assert registration.status == "confirmed"


@pytest.mark.parametrize(
    ("state", "fields", "text"),
    [
        (
            "not_yet_open",
            {"registration_opens_at": dt.timedelta(days=2)},
            "Registration is not open yet. It opens on",
        ),
        ("closed", {"registration_closes_at": -dt.timedelta(hours=1)}, "Registration closed on"),
        ("cancelled", {"status": "cancelled"}, "This conference is cancelled"),
    ],
)
def test_outside_the_window_there_is_no_form(browser, conference, state, fields, text):
    now = timezone.now()
    if "registration_closes_at" in fields:
        conference.registration_opens_at = now - dt.timedelta(days=10)
        conference.registration_closes_at = now + fields["registration_closes_at"]
    if "registration_opens_at" in fields:
        conference.registration_opens_at = now + fields["registration_opens_at"]
    if "status" in fields:
        conference.status = fields["status"]
    conference.save()
    page = browser.get(REGISTER)
    html = page.content.decode()
    assert page.status_code == 200
    assert text in html
    assert "<form" not in html.split('id="main"')[1]
    response = browser.post(REGISTER, form_data())
    assert text in response.content.decode()
    assert Registration.objects.count() == 0


def test_not_yet_open_shows_local_time(browser, conference):
    conference.registration_opens_at = dt.datetime(2099, 3, 1, 3, 0, tzinfo=dt.UTC)
    conference.starts_at = dt.datetime(2099, 5, 16, 12, 0, tzinfo=dt.UTC)
    conference.ends_at = dt.datetime(2099, 5, 20, 15, 0, tzinfo=dt.UTC)
    conference.save()
    html = browser.get(REGISTER).content.decode()
    assert "It opens on 1 March 2099, 10:00 (Asia/Tomsk time)." in html


def test_honeypot_pretends_success_and_stores_nothing(browser, conference):
    response = browser.post(REGISTER, form_data(website_url="http://spam.example"))
    assert response.status_code == 302
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_address(browser, conference, settings):
    settings.FORM_RATE_LIMIT = "2/h"
    for n in range(2):
        assert browser.post(REGISTER, form_data(email=f"p{n}@example.com")).status_code == 302
    response = browser.post(REGISTER, form_data(email="p9@example.com"))
    assert response.status_code == 429
    assert "Too many registrations from your network" in response.content.decode()
    assert Registration.objects.count() == 2


def test_unknown_and_malformed_tokens_get_a_clear_404(browser, conference):
    registration = RegistrationFactory(conference=conference)
    good = registration.manage_token
    forged = good[:32] + ("0" if good[32] != "0" else "1") + good[33:]
    for token in [forged, "x", "0" * 96, good[:-1], good + "a", "%00", "a" * 5000]:
        for suffix in ["", "confirm/", "calendar.ics", "cancel/"]:
            response = browser.get(f"/registration/manage/{token}/{suffix}")
            assert response.status_code == 404, (token, suffix)
            assert "This link is not valid" in response.content.decode()
            assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        browser.post(f"/registration/manage/{forged}/cancel/", {"confirm": "True"}).status_code
        == 404
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_declined_person_sees_the_decision_and_may_register_online(browser, conference):
    declined = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="declined"
    )
    path = f"/registration/manage/{declined.manage_token}/"
    html = browser.get(path).content.decode()
    assert '<span class="status-badge status-badge-declined">Declined</span>' in html
    assert "The organisers could not offer you an in-person place." in html
    assert "Register again, e.g. to take part online" in html
    assert "Cancel my registration" not in html
    response = browser.post(path + "cancel/", {"confirm": "True"})
    assert response.status_code == 302
    declined.refresh_from_db()
    assert declined.status == "declined"
    registration, _mail = register_and_confirm(
        browser, email=declined.email, attendance_mode="online"
    )
    assert registration.status == "confirmed"

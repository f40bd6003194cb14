"""A delegation made by a stranger: its pages and mails do not tell who is registered, no
text the contact typed reaches another person's inbox, and caps hold the mail down (people
entered per client address per hour, delegation mails per address per day)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from delegations import services
from delegations.models import Delegation, Member
from registration.models import Registration
from tests.delegations.conftest import (
    FORM,
    SAME_ORIGIN,
    confirm,
    contact,
    form_data,
    page_path,
    person,
)
from tests.factories import DelegationFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

STRANGER = {
    "contact_name": "Claim your prize at evil.example",
    "contact_role": "Open http://evil.example/win now",
    "contact_institution": "Lottery-of-evil-dot-example",
}


def add_data(given, family, email):
    return {
        "add-given_name": given,
        "add-family_name": family,
        "add-email": email,
        "add-institution": "",
        "add-attendance_mode": "online",
        "add-language": "",
    }


def people(count, domain="example.net"):
    return [
        {"given_name": f"P{n}", "family_name": "Member", "email": f"p{n}@{domain}"}
        for n in range(count)
    ]


def member_mails(contact_email="international@tpu.ru"):
    return [m for m in mail.outbox if m.to != [contact_email]]


# --- no oracle ---------------------------------------------------------------------------
def test_the_page_and_mails_do_not_tell_who_is_registered(browser, conference):
    RegistrationFactory(conference=conference, email="known@tpu.ru", status="confirmed")
    rows = [
        {"given_name": "Known", "family_name": "Person", "email": "known@tpu.ru"},
        {"given_name": "New", "family_name": "Person", "email": "new@tpu.ru"},
    ]
    browser.post(FORM, form_data(rows), **SAME_ORIGIN)
    page = page_path(mail.outbox[0])
    mail.outbox.clear()
    browser.post(f"{page}confirm/", {"confirm": "True"})

    [summary] = [m for m in mail.outbox if m.to == ["international@tpu.ru"]]
    assert "- Known Person: Registered" in summary.body
    assert "- New Person: Registered" in summary.body
    assert "already registered" not in summary.body.lower().replace(
        "someone who had already registered on their own", ""
    )
    response = browser.get(page)
    assert [(m.full_name, m.status_label()) for m in response.context["members"]] == [
        ("Known Person", "Awaiting email confirmation"),
        ("New Person", "Awaiting email confirmation"),
    ]
    assert "Already registered on their own" not in response.content.decode()
    # The person concerned learns it from their own mail.
    assert sorted(m.to[0] for m in member_mails()) == ["known@tpu.ru", "new@tpu.ru"]
    [known] = [m for m in mail.outbox if m.to == ["known@tpu.ru"]]
    assert "You are already registered" in known.body


def test_adding_a_registered_address_says_what_adding_a_new_one_says(browser, conference):
    RegistrationFactory(conference=conference, email="known@tpu.ru", status="confirmed")
    delegation = DelegationFactory(conference=conference)
    add = f"/delegation/{delegation.page_token}/add/"
    known = browser.post(add, add_data("Known", "Person", "known@tpu.ru"), follow=True)
    new = browser.post(add, add_data("New", "Person", "new@tpu.ru"), follow=True)
    said = [str(m) for m in known.context["messages"]] + [str(m) for m in new.context["messages"]]
    assert said == ["Known Person: Registered.", "New Person: Registered."]
    assert Member.objects.get(email="known@tpu.ru").outcome == "already_registered"


# --- no stranger's text in others' mail -------------------------------------------------
def test_no_text_the_contact_typed_reaches_a_members_inbox(browser, conference):
    browser.post(FORM, form_data(people(3), **STRANGER), **SAME_ORIGIN)
    page = page_path(mail.outbox[0])
    mail.outbox.clear()
    browser.post(f"{page}confirm/", {"confirm": "True"})
    sent = member_mails()
    assert sorted(m.to[0] for m in sent) == ["p0@example.net", "p1@example.net", "p2@example.net"]
    for message in sent:
        whole = " ".join([message.subject, message.body, message.alternatives[0][0]])
        for typed in STRANGER.values():
            assert typed not in whole
        assert "evil.example" not in whole
        assert "You were registered as part of a delegation." in " ".join(message.body.split())


# --- caps --------------------------------------------------------------------------------
TOO_MANY = (
    "Too many people were entered in delegations from your network within the hour. "
    "Please try again later."
)


def confirmed_delegation_of(browser, count):
    """A delegation of `count` sent from the test client's address and confirmed; returns
    its page and clears the mail outbox."""
    assert (
        browser.post(FORM, form_data(people(count), rows=count), **SAME_ORIGIN).status_code == 302
    )
    page = page_path(mail.outbox[0])
    mail.outbox.clear()
    browser.post(f"{page}confirm/", {"confirm": "True"})
    assert len(member_mails()) == count
    mail.outbox.clear()
    return page


def test_the_31st_person_from_one_client_is_not_mailed(browser, conference):
    confirmed_delegation_of(browser, 30)
    # A new delegation from the same address: a clear 429 page, nobody written to.
    again = browser.post(
        FORM, form_data(people(1, "example.org"), contact_email="other@tpu.ru"), **SAME_ORIGIN
    )
    assert again.status_code == 429
    assert [str(e) for e in again.context["form"].non_field_errors()] == [TOO_MANY]
    assert TOO_MANY in again.content.decode()
    assert mail.outbox == []
    assert Delegation.objects.count() == 1
    # Another client address is counted apart.
    elsewhere = browser.post(
        FORM,
        form_data(people(1, "example.org"), contact_email="other@tpu.ru"),
        REMOTE_ADDR="198.51.100.20",
        **SAME_ORIGIN,
    )
    assert elsewhere.status_code == 302


def test_people_added_count_against_the_same_cap(browser, conference):
    confirmed_delegation_of(browser, 29)
    other = DelegationFactory(conference=conference)
    add = f"/delegation/{other.page_token}/add/"
    assert browser.post(add, add_data("Thirtieth", "Person", "p30@example.org")).status_code == 302
    assert [m.to for m in mail.outbox] == [["p30@example.org"]]
    response = browser.post(add, add_data("Thirty", "First", "p31@example.org"))
    assert response.status_code == 429
    assert [str(e) for e in response.context["add_form"].non_field_errors()] == [TOO_MANY]
    assert TOO_MANY in response.content.decode()
    assert [m.to for m in mail.outbox] == [["p30@example.org"]]
    assert not Member.objects.filter(email="p31@example.org").exists()


def test_a_member_address_gets_few_delegation_mails_a_day(
    conference, settings, django_capture_on_commit_callbacks
):
    settings.DELEGATION_MAILS_PER_ADDRESS_PER_DAY = 2
    settings.LINK_MAILS_PER_HOUR = 100
    for n in range(4):
        delegation = services.submit(
            conference=conference,
            contact=contact(contact_email=f"office{n}@tpu.ru"),
            members=[person("Target", "Person", "target@tpu.ru")],
        )
        confirm(delegation)
    assert len([m for m in mail.outbox if m.to == ["target@tpu.ru"]]) == 2
    # Their own registration's mails are not counted against it.
    assert Registration.objects.get(email="target@tpu.ru").status == "pending_email"


def test_delegations_created_are_capped_per_client(client, conference, settings):
    settings.DELEGATION_RATE_LIMIT = "2/h"
    for n in range(2):
        response = client.post(
            FORM, form_data(people(1), contact_email=f"o{n}@tpu.ru"), **SAME_ORIGIN
        )
        assert response.status_code == 302
    third = client.post(FORM, form_data(people(1), contact_email="o9@tpu.ru"), **SAME_ORIGIN)
    assert third.status_code == 429
    assert "Too many registrations from your network" in third.content.decode()
    assert Delegation.objects.count() == 2


def test_an_already_registered_row_goes_when_an_unconfirmed_one_would(conference):
    delegation = DelegationFactory(conference=conference)
    Delegation.objects.filter(pk=delegation.pk).update(
        email_confirmed_at=timezone.now() - dt.timedelta(days=31)
    )
    old = MemberFactory(delegation=delegation, outcome="already_registered")
    Member.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    recent = MemberFactory(delegation=delegation, outcome="already_registered")
    assert services.purge() == (0, 1)
    assert list(Member.objects.all()) == [recent]

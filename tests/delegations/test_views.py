"""The public delegation form and the contact's page, through the test client."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from delegations import links
from delegations.models import Delegation, Member
from registration.models import Registration
from tests.delegations.conftest import FORM, PEOPLE, SAME_ORIGIN, confirm_path, form_data, page_path
from tests.factories import DelegationFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def errors_of(response):
    return [str(e) for e in response.context["form"].non_field_errors()] + [
        str(e) for e in response.context["people"].non_form_errors()
    ]


def test_the_register_page_links_to_the_delegation_form(client, conference):
    response = client.get("/events/bridge-continents/register/")
    assert response.status_code == 200
    assert f'href="{FORM}"' in response.content.decode()


def test_the_form_shows_five_rows_and_up_to_thirty(client, conference):
    response = client.get(FORM)
    assert response.status_code == 200
    assert len(response.context["people"].forms) == 5
    assert response.context["people"].forms[0].fields["attendance_mode"].choices == [
        ("in_person", "In person in Tomsk"),
        ("online", "Online"),
    ]
    assert len(client.get(FORM, {"rows": "999"}).context["people"].forms) == 30
    assert len(client.get(FORM, {"rows": "many"}).context["people"].forms) == 5


def test_a_delegation_is_sent_and_only_the_contact_is_written_to(browser, conference):
    response = browser.post(FORM, form_data(PEOPLE), **SAME_ORIGIN)
    assert response.status_code == 302
    assert response["Location"] == "/events/bridge-continents/delegation/sent/"
    delegation = Delegation.objects.get()
    assert list(delegation.members.values_list("email", "attendance_mode", "language")) == [
        ("ivan.sidorov@tpu.ru", "in_person", "en"),
        ("li.wei@hit.edu.cn", "online", "zh-hans"),
    ]
    [message] = mail.outbox
    assert message.to == ["international@tpu.ru"]
    assert page_path(message) == links.page_path(delegation)
    assert Registration.objects.count() == 0


def test_empty_rows_only_say_so(client, conference):
    response = client.post(FORM, form_data([]), **SAME_ORIGIN)
    assert response.status_code == 400
    assert errors_of(response) == ["Enter at least one person."]
    assert Delegation.objects.count() == 0


def test_the_same_address_twice_is_said_on_its_row(client, conference):
    twice = [PEOPLE[0], {**PEOPLE[1], "email": "IVAN.SIDOROV@tpu.ru"}]
    response = client.post(FORM, form_data(twice), **SAME_ORIGIN)
    assert response.status_code == 400
    people = response.context["people"]
    assert people.forms[0].errors == {}
    assert people.forms[1].errors == {"email": ["This address is already in another row."]}
    assert Delegation.objects.count() == 0


def test_a_row_with_a_bad_address_or_half_filled_is_refused(client, conference):
    rows = [{**PEOPLE[0], "email": "not-an-address"}, {"given_name": "Half"}]
    response = client.post(FORM, form_data(rows), **SAME_ORIGIN)
    assert response.status_code == 400
    people = response.context["people"]
    assert people.forms[0].errors == {"email": ["Enter a valid email address."]}
    assert set(people.forms[1].errors) == {"family_name", "email"}


@pytest.mark.parametrize(
    "overrides",
    [
        {"people-TOTAL_FORMS": "x"},
        {"people-TOTAL_FORMS": "1000"},
        {"people-0-attendance_mode": "teleport"},
        {"country": "XX"},
        {"contact_name": "Line\nbreak"},
    ],
)
def test_bad_input_gets_a_page_not_a_500(client, conference, overrides):
    response = client.post(FORM, form_data(PEOPLE, **overrides), **SAME_ORIGIN)
    assert response.status_code == 400
    assert Delegation.objects.count() == 0


def test_a_post_from_another_site_is_refused(client, conference):
    for origin in [{}, {"HTTP_ORIGIN": "https://evil.example"}]:
        response = client.post(FORM, form_data(PEOPLE), **origin)
        assert response.status_code == 403
    assert Delegation.objects.count() == 0


def test_a_bot_filling_the_honeypot_stores_nothing(client, conference):
    response = client.post(FORM, form_data(PEOPLE, website_url="http://spam"), **SAME_ORIGIN)
    assert response.status_code == 302
    assert Delegation.objects.count() == 0
    assert mail.outbox == []


def test_the_rate_limit_stops_a_client(client, conference, settings):
    settings.DELEGATION_RATE_LIMIT = "1/h"
    first = client.post(FORM, form_data(PEOPLE), **SAME_ORIGIN)
    assert first.status_code == 302
    second = client.post(FORM, form_data(PEOPLE, contact_email="other@tpu.ru"), **SAME_ORIGIN)
    assert second.status_code == 429
    assert errors_of(second) == [
        "Too many registrations from your network. Please try again later."
    ]
    assert Delegation.objects.count() == 1


def test_a_closed_registration_shows_the_closed_page(client, conference):
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    response = client.post(FORM, form_data(PEOPLE), **SAME_ORIGIN)
    assert response.status_code == 200
    assert response.templates[0].name == "registration/closed.html"
    assert Delegation.objects.count() == 0


def test_a_mode_no_longer_offered_is_refused_on_the_row(client, conference):
    conference.attendance_mode = "online"
    conference.save()
    response = client.post(FORM, form_data(PEOPLE), **SAME_ORIGIN)
    assert response.status_code == 400
    assert "attendance_mode" in response.context["people"].forms[0].errors


# --- the contact's page ---------------------------------------------------------------
def test_a_bad_link_is_a_plain_404(client, conference):
    for token in ["nope", "0" * 96, DelegationFactory(conference=conference).page_token[:-1] + "x"]:
        response = client.get(f"/delegation/{token}/")
        assert response.status_code == 404
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_contact_confirms_then_follows_each_person(browser, conference):
    browser.post(FORM, form_data(PEOPLE), **SAME_ORIGIN)
    page = page_path(mail.outbox[0])
    mail.outbox.clear()

    response = browser.get(page)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "Confirm my address" in response.content.decode()
    assert [m.status_label() for m in response.context["members"]] == [
        "Waiting for the contact to confirm their address"
    ] * 2

    response = browser.post(f"{page}confirm/", {"confirm": "True"}, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "Thank you: your address is confirmed." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "international@tpu.ru",
        "ivan.sidorov@tpu.ru",
        "li.wei@hit.edu.cn",
    ]
    [ivan] = [m for m in mail.outbox if m.to == ["ivan.sidorov@tpu.ru"]]
    browser.post(confirm_path(ivan), {"confirm": "True"})

    response = browser.get(page)
    rows = [(m.full_name, m.status_label()) for m in response.context["members"]]
    assert rows == [("Иван Сидоров", "Confirmed"), ("李伟", "Awaiting email confirmation")]
    html = response.content.decode()
    assert "Confirm my address" not in html
    # What the contact typed, never anyone's link or address.
    for registration in Registration.objects.all():
        assert registration.manage_token not in html
        assert registration.email not in html


def test_the_contact_cannot_open_anyones_manage_page(client, conference):
    member = MemberFactory(
        delegation__conference=conference,
        registration=RegistrationFactory(conference=conference),
        outcome="registered",
    )
    token = member.delegation.page_token
    # The delegation's link is not a manage link, and its page links to no manage page.
    assert client.get(f"/registration/manage/{token}/").status_code == 404
    assert client.get(f"/registration/manage/{token}/confirm/").status_code == 404
    assert "/registration/manage/" not in client.get(f"/delegation/{token}/").content.decode()


def test_the_contact_adds_a_person(browser, conference):
    delegation = DelegationFactory(conference=conference)
    response = browser.post(
        f"/delegation/{delegation.page_token}/add/",
        {
            "add-given_name": "Late",
            "add-family_name": "Comer",
            "add-email": "late@tpu.ru",
            "add-institution": "",
            "add-attendance_mode": "online",
            "add-language": "ru",
        },
        follow=True,
    )
    assert "Late Comer: Registered." in response.content.decode()
    member = Member.objects.get()
    assert (member.registration.email, member.registration.language) == ("late@tpu.ru", "ru")
    [message] = mail.outbox
    assert message.to == ["late@tpu.ru"]


def test_adding_before_confirming_or_with_bad_data_says_why(client, conference):
    delegation = DelegationFactory(conference=conference, email_confirmed_at=None)
    add = f"/delegation/{delegation.page_token}/add/"
    data = {
        "add-given_name": "Late",
        "add-family_name": "Comer",
        "add-email": "late@tpu.ru",
        "add-attendance_mode": "online",
    }
    response = client.post(add, data)
    assert response.status_code == 400
    assert [str(e) for e in response.context["add_form"].non_field_errors()] == [
        "Please confirm your own address first."
    ]
    response = client.post(add, {**data, "add-email": "@@"})
    assert response.status_code == 400
    assert response.context["add_form"].errors == {"email": ["Enter a valid email address."]}
    assert Member.objects.count() == 0


def test_the_add_form_is_gone_after_registration_closes(client, conference):
    delegation = DelegationFactory(conference=conference)
    assert "Add a person" in client.get(links.page_path(delegation)).content.decode()
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    assert "Add a person" not in client.get(links.page_path(delegation)).content.decode()


def test_the_manage_page_says_who_registered_them_until_they_confirm(browser, conference):
    registration = RegistrationFactory(conference=conference, status="pending_email")
    MemberFactory(
        delegation__conference=conference,
        delegation__contact_name="Olga Petrova",
        delegation__contact_role="International office",
        delegation__contact_institution="TPU",
        registration=registration,
        outcome="registered",
    )
    manage = f"/registration/manage/{registration.manage_token}/"
    said = "Olga Petrova (International office, TPU) registered you as part of their delegation."
    assert said in " ".join(browser.get(manage).content.decode().split())
    browser.post(f"{manage}confirm/", {"confirm": "True"})
    assert "registered you as part" not in browser.get(manage).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_contacts_page_costs_the_same_at_any_size(
    client, conference, django_assert_num_queries, size
):
    delegation = DelegationFactory(conference=conference)
    for _ in range(size):
        MemberFactory(
            delegation=delegation,
            outcome="registered",
            registration=RegistrationFactory(conference=conference),
        )
    # The delegation with its conference, its people with their registrations.
    with django_assert_num_queries(2):
        response = client.get(links.page_path(delegation))
    assert len(response.context["members"]) == size


def test_the_form_and_the_page_answer_in_each_language(client, conference):
    delegation = DelegationFactory(conference=conference)
    for prefix in ["/ru", "/zh-hans"]:
        form = client.get(f"{prefix}{FORM}")
        assert (form.status_code, form["Content-Language"]) == (200, prefix[1:])
        page = client.get(f"{prefix}/delegation/{delegation.page_token}/")
        assert (page.status_code, page["Content-Language"]) == (200, prefix[1:])

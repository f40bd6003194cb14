"""Anything a visitor can send gets a field error: never a 500, never a half-written row."""

import pytest
from django.core import mail

from registration.models import Registration
from tests.factories import RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_name": ""}, "given_name"),
        ({"given_name": "   "}, "given_name"),
        ({"given_name": "a" * 101}, "given_name"),
        ({"family_name": "x\x00y"}, "family_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@" + "b" * 250 + ".ru"}, "email"),
        ({"email": "a@tpu.ru\nBcc: victim@example.com"}, "email"),
        ({"institution": "i" * 201}, "institution"),
        ({"position": "p" * 201}, "position"),
        ({"country": "XX"}, "country"),
        ({"country": ""}, "country"),
        ({"attendance_mode": "hybrid"}, "attendance_mode"),
        ({"attendance_mode": None}, "attendance_mode"),
        ({"dietary_needs": "d" * 1001}, "dietary_needs"),
        ({"invitation_code": "c" * 41}, "invitation_code"),
        ({"invitation_code": "NO-SUCH-CODE"}, "invitation_code"),
        ({"privacy_consent": None}, "privacy_consent"),
    ],
)
def test_bad_field_gets_a_field_error(browser, conference, overrides, field):
    response = browser.post(REGISTER, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_any_script_is_accepted(browser, conference):
    for n, (given, family) in enumerate(
        [
            ("Анна-Мария", "Иванова-Петрова"),
            ("小明", "王"),
            ("José", "Núñez"),
            ("Ngũgĩ", "wa Thiong'o"),
        ]
    ):
        response = browser.post(
            REGISTER,
            form_data(given_name=given, family_name=family, email=f"n{n}@example.org"),
        )
        assert response.status_code == 302
    assert sorted(Registration.objects.values_list("family_name", flat=True)) == sorted(
        ["Иванова-Петрова", "王", "Núñez", "wa Thiong'o"]
    )


def test_mangled_requests_never_500(client, conference):
    # Repeated keys, unexpected keys, binary junk and a GET with a query string.
    data = form_data()
    data["attendance_mode"] = ["in_person", "online"]
    data["status"] = "confirmed"
    data["eligibility_route"] = "manual"
    response = client.post(REGISTER, data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "pending_email"
    assert registration.eligibility_route == "none"
    response = client.post(
        REGISTER, b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(REGISTER + "?email=%ff").status_code == 200
    assert client.put(REGISTER).status_code == 405


def test_unknown_conference_is_404(client, db):
    assert client.get("/events/no-such-thing/register/").status_code == 404


def test_online_visa_letter_is_ignored_not_an_error(browser, conference):
    response = browser.post(
        REGISTER, form_data(attendance_mode="online", visa_letter_wanted="on", email="v@x.org")
    )
    assert response.status_code == 302
    assert Registration.objects.get().visa_letter_wanted is False


def test_manage_actions_refuse_bad_input(browser, conference):
    person = RegistrationFactory(conference=conference)
    base = f"/registration/manage/{person.manage_token}/"
    assert browser.post(base + "switch/", {"attendance_mode": "teleport"}).status_code == 302
    assert browser.post(base + "cancel/", {}).status_code == 200  # shows the question again
    assert browser.post(base + "erase/", {"confirm": ""}).status_code == 200
    assert browser.get(base + "details/").status_code == 405
    person.refresh_from_db()
    assert (person.status, person.attendance_mode, person.given_name) == (
        "confirmed",
        "online",
        "Anna",
    )

"""Staff who read personal data prove a second factor after the password: an authenticator
app's code (once), a recovery code (once) or a passkey (tests/e2e/test_passkeys.py); without
it no admin page and no check-in desk opens. Users with no device are taken to enrol."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa import services
from teams.roles import ROLES
from tests.factories import (
    ConferenceFactory,
    RegistrationFactory,
    VisaRequestFactory,
    team_member,
)
from tests.mfa.conftest import ADMIN, PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db

VERIFY = reverse("mfa:verify")
ENROL = reverse("mfa:enrol")
RECOVERY = reverse("mfa:recovery_codes")


@pytest.fixture
def organiser():
    return User.objects.create_superuser("organiser", "organiser@example.org", PASSWORD)


@pytest.fixture
def app(organiser):
    return services.create_authenticator(organiser)


@pytest.fixture
def personal_pages():
    registration = RegistrationFactory(conference=ConferenceFactory())
    visa_request = VisaRequestFactory(registration=registration)
    return [
        ADMIN,
        reverse("admin:registration_registration_changelist"),
        reverse("admin:registration_registration_change", args=[registration.pk]),
        reverse("admin:visas_visarequest_changelist"),
        reverse("admin:visas_visarequest_change", args=[visa_request.pk]),
        reverse("admin:auth_user_changelist"),
        "/ru" + reverse("admin:registration_registration_changelist"),
    ]


def test_the_password_alone_opens_no_admin_page(organiser, app, personal_pages):
    client = sign_in(Client(), organiser)
    for page in personal_pages:
        for method in (client.get, client.head, client.options, client.post):
            response = method(page)
            assert response.status_code == 302, (page, method)
            prefix = "/ru" if page.startswith("/ru/") else ""
            assert response["Location"].startswith(f"{prefix}{VERIFY}?next="), page
    assert client.get(personal_pages[1]).url == (
        f"{VERIFY}?next=%2Fadmin%2Fregistration%2Fregistration%2F"
    )


def test_without_a_device_the_admin_leads_to_enrolment(organiser):
    client = sign_in(Client(), organiser)
    response = client.get(reverse("admin:registration_registration_changelist"))
    assert response.url == f"{ENROL}?next=%2Fadmin%2Fregistration%2Fregistration%2F"
    # The verify page, asked directly, sends there too.
    assert client.get(VERIFY).url == f"{ENROL}?"


def test_a_correct_app_code_opens_the_admin_and_returns_where_the_user_was_going(organiser, app):
    client = sign_in(Client(), organiser)
    wanted = reverse("admin:registration_registration_changelist")
    response = client.post(
        f"{VERIFY}?next={wanted}", {"second_factor_code": current_code(app), "next": wanted}
    )
    assert response.status_code == 302
    assert response.url == wanted
    assert client.get(wanted).status_code == 200
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code,
        lambda code: f" {code[:3]} {code[3:]} ",
        lambda code: f"{code[:3]}\u200b{code[3:]}",  # a zero-width space
        lambda code: "".join(chr(ord(d) + 0xFEE0) for d in code),  # full-width digits
    ],
)
def test_the_code_is_read_as_typed_with_spaces_invisible_and_wide_characters(organiser, app, typed):
    client = sign_in(Client(), organiser)
    response = client.post(VERIFY, {"second_factor_code": typed(current_code(app))})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize("code", ["000000", "", "abcdef", "1" * 64, "12345\u00ad6"])
def test_a_wrong_code_is_refused(organiser, app, code):
    if code == "000000" and current_code(app) == code:
        code = "000001"
    client = sign_in(Client(), organiser)
    response = client.post(VERIFY, {"second_factor_code": code})
    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert client.get(ADMIN).status_code == 302


def test_an_app_code_is_accepted_once(organiser, app):
    code = current_code(app)
    first = sign_in(Client(), organiser)
    assert first.post(VERIFY, {"second_factor_code": code}).status_code == 302
    second = sign_in(Client(), organiser)
    response = second.post(VERIFY, {"second_factor_code": code})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "second_factor_code": [
            "This code is not valid, or has been used already. Try the next one."
        ]
    }
    assert second.get(ADMIN).status_code == 302


def test_wrong_codes_slow_the_device_down(organiser, app):
    client = sign_in(Client(), organiser)
    client.post(VERIFY, {"second_factor_code": "not a code"})  # not digits: not tried on it
    wrong = str((int(current_code(app)) + 1) % 1_000_000).zfill(6)
    client.post(VERIFY, {"second_factor_code": wrong})
    app.refresh_from_db()
    assert app.throttling_failure_count == 1
    # Even the right code waits until the delay is over.
    response = client.post(VERIFY, {"second_factor_code": current_code(app)})
    assert response.status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_a_recovery_code_works_once(organiser, app):
    codes = services.new_recovery_codes(organiser)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    client = sign_in(Client(), organiser)
    assert client.post(VERIFY, {"second_factor_code": codes[3].upper()}).status_code == 302
    assert client.get(ADMIN).status_code == 200
    assert services.remaining_recovery_codes(organiser) == 9

    again = sign_in(Client(), organiser)
    response = again.post(VERIFY, {"second_factor_code": codes[3]})
    assert response.status_code == 200
    assert again.get(ADMIN).status_code == 302
    assert not StaticToken.objects.filter(token=codes[3]).exists()


def test_another_users_code_does_not_verify(organiser, app):
    other = User.objects.create_superuser("other", "other@example.org", PASSWORD)
    other_codes = services.new_recovery_codes(other)
    client = sign_in(Client(), organiser)
    assert client.post(VERIFY, {"second_factor_code": other_codes[0]}).status_code == 200
    assert client.get(ADMIN).status_code == 302
    assert services.remaining_recovery_codes(other) == 10


def test_the_verify_page_takes_get_and_post_only(organiser, app):
    client = sign_in(Client(), organiser)
    assert client.put(VERIFY).status_code == 405
    assert client.delete(VERIFY).status_code == 405


def test_the_verify_page_does_not_send_the_user_off_site(organiser, app):
    client = sign_in(Client(), organiser)
    response = client.post(
        VERIFY, {"second_factor_code": current_code(app), "next": "https://evil.example/"}
    )
    assert response.url == ADMIN


def test_the_pages_need_a_signed_in_user():
    for page in (VERIFY, ENROL, RECOVERY, reverse("mfa:step_up")):
        response = Client().get(page)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/") or "login" in response.url


def test_enrolment_with_an_app_shows_the_qr_code_and_secret_then_ten_codes_once(organiser):
    client = sign_in(Client(), organiser)
    wanted = reverse("admin:registration_registration_changelist")
    page = client.get(f"{ENROL}?next={wanted}")
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    secret = re.search(r"secret=([A-Z2-7]+)", device.config_url).group(1)
    assert '<svg width="' in html
    assert 'class="mfa-qr"' in html
    shown = re.search(r'<code class="mfa-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    # Asked again, the same device: the QR code the user scanned stays valid.
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=organiser).count() == 1

    response = client.post(f"{ENROL}?next={wanted}", {"code": current_code(device), "next": wanted})
    assert response.url == f"{RECOVERY}?next=%2Fadmin%2Fregistration%2Fregistration%2F"
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=organiser).values_list("token", flat=True)
    )
    assert codes_page.context["next"] == wanted
    # Shown once.
    assert client.get(RECOVERY).url == ADMIN
    assert client.get(wanted).status_code == 200


@pytest.mark.parametrize("code", ["12345", "", "abc", "1234567"])
def test_a_wrong_code_leaves_the_app_unconfirmed(organiser, code):
    client = sign_in(Client(), organiser)
    client.get(ENROL)
    response = client.post(ENROL, {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert TOTPDevice.objects.get(user=organiser).confirmed is False
    assert client.get(ADMIN).url.startswith(ENROL)


def test_a_user_with_a_device_cannot_enrol_another_without_proving_it(organiser, app):
    client = sign_in(Client(), organiser)
    assert client.get(ENROL).url == f"{VERIFY}?"
    assert client.post(ENROL, {"code": "123456"}).url == f"{VERIFY}?"
    assert TOTPDevice.objects.filter(user=organiser).count() == 1


def test_staff_in_no_team_need_no_second_factor():
    staff = User.objects.create_user("staff", password=PASSWORD, is_staff=True)
    assert not services.needs_second_factor(staff)
    client = sign_in(Client(), staff)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_that_reads_personal_data_needs_it(role):
    assert ROLES[role].reads_personal_data
    user = team_member(role, ConferenceFactory(), username="staff", password=PASSWORD)
    assert services.needs_second_factor(user)
    client = sign_in(Client(), user)
    assert client.get(ADMIN).url == f"{ENROL}?next=%2Fadmin%2F"


def test_an_inactive_account_needs_nothing_because_it_cannot_sign_in(organiser):
    organiser.is_active = False
    assert not services.needs_second_factor(organiser)


def test_the_check_in_desk_asks_for_the_second_factor():
    conference = ConferenceFactory()
    desk_user = team_member("checkin_staff", conference, username="desk", password=PASSWORD)
    device = services.create_authenticator(desk_user)
    client = Client()
    desk = reverse("attending:desk", args=[conference.slug])
    response = client.post(
        f"{reverse('attending:login')}?next={desk}",
        {"username": "desk", "password": PASSWORD, "next": desk},
    )
    assert response.url == desk
    response = client.get(desk)
    assert response.url == f"{VERIFY}?next=%2Fcheckin%2F{conference.slug}%2F"
    assert client.get(reverse("attending:home")).url.startswith(VERIFY)
    response = client.post(response.url, {"second_factor_code": current_code(device)})
    assert response.url == desk
    assert client.get(desk).status_code == 200


def test_signing_out_forgets_the_second_factor(organiser, app):
    client = sign_in(Client(), organiser)
    client.post(VERIFY, {"second_factor_code": current_code(app)})
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("admin:logout"))
    sign_in(client, organiser)
    assert client.get(ADMIN).url.startswith(VERIFY)


def test_proving_the_second_factor_gives_the_session_a_new_key(organiser, app):
    client = sign_in(Client(), organiser)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(VERIFY, {"second_factor_code": current_code(app)})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get(ADMIN).status_code == 200


def test_recovery_codes_are_never_all_digits(organiser):
    for _round in range(20):
        assert not any(code.isdigit() for code in services.new_recovery_codes(organiser))

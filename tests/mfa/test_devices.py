"""A user's own second factors under /account/second-factor/devices/: see them, make a new
set of recovery codes, remove a device; both changes after a step-up, and never the last
device of an account that needs a second factor."""

import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from mfa import services

pytestmark = pytest.mark.django_db

PASSWORD = "a long organiser password"
DEVICES = reverse("mfa:devices")
VERIFY = reverse("mfa:verify")


def current_code(device):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


@pytest.fixture
def organiser():
    return User.objects.create_superuser("organiser", "organiser@example.org", PASSWORD)


@pytest.fixture
def app(organiser):
    return services.create_authenticator(organiser)


def proved(user, code):
    client = Client()
    assert (
        client.post(
            reverse("admin:login"), {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.post(VERIFY, {"second_factor_code": code}).status_code == 302
    return client


def test_the_page_lists_the_users_own_devices(organiser, app):
    codes = services.new_recovery_codes(organiser)
    other = User.objects.create_superuser("other", "o@example.org", PASSWORD)
    services.create_authenticator(other)
    client = proved(organiser, codes[0])
    response = client.get(DEVICES)
    assert response.status_code == 200
    assert [(kind, device.pk) for kind, device in response.context["devices"]] == [
        ("app", app.pk),
        ("codes", StaticDevice.objects.get(user=organiser).pk),
    ]
    assert "Recovery codes (9 left)" in response.content.decode()


def test_new_recovery_codes_replace_the_old_ones(organiser, app):
    old = services.new_recovery_codes(organiser)
    client = proved(organiser, current_code(app))
    response = client.post(DEVICES, {"do": "new_codes"})
    assert (
        response.url
        == f"{reverse('mfa:recovery_codes')}?next=%2Faccount%2Fsecond-factor%2Fdevices%2F"
    )
    shown = client.get(response.url).context["codes"]
    assert sorted(shown) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert not set(old) & set(shown)
    assert AuditEntry.objects.filter(action="recovery_codes_made", count=10).count() == 1


def test_a_device_is_removed_but_never_the_last(organiser, app):
    codes = services.new_recovery_codes(organiser)
    client = proved(organiser, codes[0])
    response = client.post(DEVICES, {"do": "remove", "kind": "app", "device": app.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The device was removed."]
    assert not TOTPDevice.objects.filter(pk=app.pk).exists()
    assert AuditEntry.objects.filter(
        action="second_factor_removed", detail="authenticator app"
    ).exists()

    last = StaticDevice.objects.get(user=organiser)
    response = client.post(
        DEVICES, {"do": "remove", "kind": "codes", "device": last.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This is your last second factor; add another before you remove it."
    ]
    assert services.remaining_recovery_codes(organiser) == len(codes) - 1


def test_another_users_device_is_not_found(organiser, app):
    other = User.objects.create_superuser("other", "o@example.org", PASSWORD)
    theirs = services.create_authenticator(other)
    services.new_recovery_codes(other)
    client = proved(organiser, current_code(app))
    for data in (
        {"do": "remove", "kind": "app", "device": theirs.pk},
        {"do": "remove", "kind": "nonsense", "device": app.pk},
        {"do": "remove", "kind": "app", "device": f"{app.pk}\u200b"},
        {"do": "explode"},
    ):
        assert client.post(DEVICES, data).status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_changes_ask_for_the_second_factor_again(organiser, app, settings):
    settings.STEP_UP_MINUTES = 10
    services.new_recovery_codes(organiser)
    client = proved(organiser, current_code(app))
    session = client.session
    session[services.VERIFIED_AT_SESSION_KEY] = time.time() - 11 * 60
    session.save()
    assert client.get(DEVICES).status_code == 200
    response = client.post(DEVICES, {"do": "remove", "kind": "app", "device": app.pk})
    assert next(t.name for t in response.templates) == "mfa/step_up_in_place.html"
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_the_page_needs_a_proved_second_factor_and_get_or_post(organiser, app, settings):
    assert Client().get(DEVICES).url.startswith(settings.LOGIN_URL)
    client = Client()
    client.post(reverse("admin:login"), {"username": "organiser", "password": PASSWORD})
    assert client.get(DEVICES).url.startswith(VERIFY)
    assert client.post(DEVICES, {"do": "new_codes"}).url.startswith(VERIFY)
    assert proved(organiser, current_code(app)).put(DEVICES).status_code == 405

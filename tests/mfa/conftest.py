"""Helpers of the second-factor tests: the organiser password, the current TOTP code of a
device, the password step through the admin login."""

from django.urls import reverse
from django_otp.oath import totp

PASSWORD = "a long organiser password"


ADMIN = reverse("admin:index")


def current_code(device):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(
        device.digits
    )


def sign_in(client, user, next_url=ADMIN):
    """The password step, through the admin's own login page."""
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    return client

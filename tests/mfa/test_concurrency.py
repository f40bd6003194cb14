"""The same code sent twice at once, on a real PostgreSQL: the device is locked while it is
checked, so one of the two sessions is verified and the other is not."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mfa import services
from tests.conftest import at_once
from tests.mfa.conftest import PASSWORD, current_code, sign_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VERIFY = reverse("mfa:verify")
ADMIN = reverse("admin:index")


@pytest.mark.parametrize("kind", ["app", "recovery"])
def test_one_code_twice_at_once_verifies_one_session(kind):
    organiser = User.objects.create_superuser("organiser", "o@example.org", PASSWORD)
    app = services.create_authenticator(organiser)
    code = current_code(app) if kind == "app" else services.new_recovery_codes(organiser)[0]
    clients = [sign_in(Client(), organiser), sign_in(Client(), organiser)]

    def prove(client):
        return lambda: client.post(VERIFY, {"second_factor_code": code}).status_code

    assert sorted(at_once([prove(c) for c in clients])) == [200, 302]
    assert sorted(c.get(ADMIN).status_code for c in clients) == [200, 302]


def test_removing_both_last_devices_at_once_leaves_one():
    """Two sessions each remove one of the two devices left: the account's row is locked,
    so the second removal sees the first and is refused."""
    organiser = User.objects.create_superuser("organiser", "o@example.org", PASSWORD)
    app = services.create_authenticator(organiser)
    codes = services.new_recovery_codes(organiser)
    recovery = services.StaticDevice.objects.get(user=organiser)
    first = sign_in(Client(), organiser)
    assert first.post(VERIFY, {"second_factor_code": codes[0]}).status_code == 302
    second = sign_in(Client(), organiser)
    assert second.post(VERIFY, {"second_factor_code": codes[1]}).status_code == 302
    devices = reverse("mfa:devices")

    def remove(client, kind, pk):
        return lambda: (
            client.post(devices, {"do": "remove", "kind": kind, "device": pk}).status_code
        )

    at_once([remove(first, "app", app.pk), remove(second, "codes", recovery.pk)])
    assert len(services.devices_of(organiser)) == 1

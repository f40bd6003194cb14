"""The same code sent twice at once, on a real PostgreSQL: the device is locked while it is
checked, so one of the two sessions is verified and the other is not."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mfa import services
from tests.mfa.test_second_factor import PASSWORD, current_code, sign_in
from tests.registration.test_concurrency import at_once

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

"""Second-factor events go to the record (audit): a proof by app code, recovery code or
passkey, a wrong code, a device set up, and an account made by create_staff_account. The
record names the kind of device, never a code or a secret."""

import io

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import AuditEntry
from mfa import services
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long organiser password"
VERIFY = reverse("mfa:verify")
ENROL = reverse("mfa:enrol")
Action = AuditEntry.Action


def current_code(device):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


@pytest.fixture
def organiser():
    return User.objects.create_superuser("organiser", "organiser@example.org", PASSWORD)


def signed_in(user):
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert (
        client.post(
            reverse("admin:login"), {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def entries():
    return list(
        AuditEntry.objects.order_by("id").values_list(
            "action", "username", "detail", "count", "client_address"
        )
    )


def test_an_app_code_is_recorded(organiser):
    app = services.create_authenticator(organiser)
    client = signed_in(organiser)
    code = current_code(app)
    assert client.post(VERIFY, {"second_factor_code": code}).status_code == 302
    assert entries() == [
        (Action.SECOND_FACTOR_PASSED, "organiser", "authenticator app", None, "203.0.113.9")
    ]
    assert not AuditEntry.objects.filter(detail__contains=code).exists()


def test_a_wrong_code_is_recorded_as_failed_and_gives_nothing(organiser):
    app = services.create_authenticator(organiser)
    client = signed_in(organiser)
    wrong = str((int(current_code(app)) + 1) % 1_000_000).zfill(6)
    for typed in (wrong, "nonsense\u200b", ""):
        assert client.post(VERIFY, {"second_factor_code": typed}).status_code == 200
    assert entries() == [
        (Action.SECOND_FACTOR_FAILED, "organiser", "", None, "203.0.113.9"),
        (Action.SECOND_FACTOR_FAILED, "organiser", "", None, "203.0.113.9"),
    ]


def test_a_recovery_code_is_recorded_with_the_codes_left(organiser):
    services.create_authenticator(organiser)
    codes = services.new_recovery_codes(organiser)
    client = signed_in(organiser)
    assert client.post(VERIFY, {"second_factor_code": codes[0]}).status_code == 302
    assert entries() == [
        (Action.RECOVERY_CODE_USED, "organiser", "recovery code", 9, "203.0.113.9")
    ]
    again = signed_in(organiser)
    assert again.post(VERIFY, {"second_factor_code": codes[0]}).status_code == 200
    assert [entry[0] for entry in entries()] == [
        Action.RECOVERY_CODE_USED,
        Action.SECOND_FACTOR_FAILED,
    ]


def test_a_passkey_is_recorded(organiser):
    credential = WebAuthnCredential.objects.create(
        user=organiser,
        name="laptop",
        confirmed=True,
        credential_id=b"id",
        public_key=b"key",
        sign_count=0,
    )
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.4")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = organiser
    services.mark_verified(request, credential)
    assert entries() == [
        (Action.SECOND_FACTOR_PASSED, "organiser", "passkey", None, "198.51.100.4")
    ]


def test_enrolling_an_app_is_recorded(organiser):
    client = signed_in(organiser)
    assert client.get(ENROL).status_code == 200
    device = services.pending_authenticator(organiser)
    assert client.post(ENROL, {"code": current_code(device)}).status_code == 302
    assert entries() == [
        (Action.SECOND_FACTOR_ADDED, "organiser", "authenticator app", None, "203.0.113.9"),
        (Action.SECOND_FACTOR_PASSED, "organiser", "authenticator app", None, "203.0.113.9"),
        (Action.RECOVERY_CODES_MADE, "organiser", "recovery codes", 10, "203.0.113.9"),
    ]


def test_a_wrong_code_while_enrolling_is_recorded(organiser):
    client = signed_in(organiser)
    assert client.get(ENROL).status_code == 200
    device = services.pending_authenticator(organiser)
    wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
    assert client.post(ENROL, {"code": wrong}).status_code == 200
    assert entries() == [
        (Action.SECOND_FACTOR_FAILED, "organiser", "authenticator app setup", None, "203.0.113.9"),
    ]


def test_create_staff_account_is_recorded():
    conference = ConferenceFactory(slug="bridge-2099")
    call_command(
        "create_staff_account",
        "scanner-1",
        "--email=scanner@example.org",
        "--role=checkin_staff",
        "--conference=bridge-2099",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="scanner-1")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.conference, entry.client_address) == (
        Action.STAFF_ACCOUNT_CREATED,
        "",
        conference,
        None,
    )
    assert (entry.subject_type, entry.subject_id, entry.detail) == (
        "auth.user",
        user.pk,
        "role checkin_staff, with an authenticator app and recovery codes",
    )

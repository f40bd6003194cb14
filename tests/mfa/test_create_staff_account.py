"""manage.py create_staff_account: a staff account with its role in a conference's team, an
authenticator app and recovery codes, printed once; the printed secret and password sign in."""

import io
import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from teams import services as teams
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("create_staff_account", *args, stdout=out)
    return out.getvalue()


def printed(output, label):
    return re.search(rf"^{label}: (.+)$", output, re.M).group(1)


def test_the_account_has_its_role_in_that_conference_and_an_app_that_signs_in():
    conference, other = ConferenceFactory(slug="bridge-2099"), ConferenceFactory(slug="other")
    output = run(
        "scanner-1",
        "--email=scanner@example.org",
        "--role=checkin_staff",
        "--conference=bridge-2099",
    )
    user = User.objects.get(username="scanner-1")
    assert (user.email, user.is_staff, user.is_superuser) == ("scanner@example.org", True, False)
    assert teams.roles_of(user, conference) == {"checkin_staff"}
    assert teams.roles_of(user, other) == set()
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert output.splitlines()[0] == "Created scanner-1 (Check-in staff, bridge-2099)."

    secret = printed(output, "TOTP secret")
    assert b32decode(secret) == device.bin_key
    uri = printed(output, "TOTP URI")
    assert uri == device.config_url
    assert uri.startswith("otpauth://totp/TPU%20Conferences%3Ascanner-1?secret=")
    assert f"secret={secret}&" in uri
    codes = printed(output, "Recovery codes").split()
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert len(codes) == 10

    # A script signs in with what was printed: the password, then a code from the secret.
    password = printed(output, "Password")
    assert len(password) >= 20
    client = Client()
    desk = reverse("attending:desk", args=["bridge-2099"])
    client.post(
        f"{reverse('attending:login')}?next={desk}",
        {"username": "scanner-1", "password": password, "next": desk},
    )
    code = str(totp(b32decode(secret))).zfill(6)
    response = client.post(
        f"{reverse('mfa:verify')}?next={desk}", {"second_factor_code": code, "next": desk}
    )
    assert response.url == desk
    assert client.get(desk).status_code == 200


def test_all_conferences():
    output = run("officer", "--email=v@example.org", "--role=visa_officer", "--all-conferences")
    user = User.objects.get(username="officer")
    assert teams.roles_of(user, ConferenceFactory()) == {"visa_officer"}
    assert output.splitlines()[0] == "Created officer (Visa officer, all conferences)."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role=nobody", "--conference=bridge-2099"], "argument --role: invalid choice"),
        (["--role=visa_officer", "--conference=nowhere"], "No conference with the slug 'nowhere'."),
        (["--role=visa_officer"], "one of the arguments --conference --all-conferences"),
        (
            ["--role=visa_officer", "--conference=bridge-2099", "--all-conferences"],
            "not allowed with argument",
        ),
    ],
)
def test_wrong_roles_and_conferences_are_refused(args, message):
    ConferenceFactory(slug="bridge-2099")
    with pytest.raises(CommandError, match=message):
        run("newcomer", "--email=n@example.org", *args)
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("ad\u200bmin", "a@example.org", "printable characters without spaces"),
        ("two words", "a@example.org", "printable characters without spaces"),
        ("fine", "not-an-address", "Not an email address"),
        ("Existing", "a@example.org", "An account named 'Existing' exists already."),
    ],
)
def test_wrong_names_and_addresses_are_refused(username, email, message):
    User.objects.create_user("existing")
    with pytest.raises(CommandError, match=message):
        run(username, f"--email={email}", "--role=visa_officer", "--all-conferences")
    assert User.objects.count() == 1
    assert TOTPDevice.objects.count() == 0

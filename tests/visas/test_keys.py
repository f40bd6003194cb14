"""A wrong or dropped visa key: pages that need no passport data still work, the ones that
do say so plainly (503), and the error is logged once. A rotated SECRET_KEY with the old one
in SECRET_KEY_FALLBACKS (read from the environment) keeps manage links, sessions and the
passport data."""

import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from registration.models import Registration
from tests.conftest import production_env, run_django
from tests.factories import VisaRequestFactory, team_member
from tests.visas.conftest import make_officer
from visas.models import VisaRequest

pytestmark = pytest.mark.django_db


def forget_keys():
    """The encrypted fields derive their keys once per process; a test that changes the
    settings makes them derive again, as a restarted process would."""
    for field in VisaRequest._meta.concrete_fields:
        for name in ("keys", "f"):
            field.__dict__.pop(name, None)


@pytest.fixture(autouse=True)
def _keys_derived_afresh():
    forget_keys()
    yield
    forget_keys()


@pytest.fixture
def stored():
    return VisaRequestFactory(passport_number="E31415926", status="requested")


@pytest.fixture
def wrong_key(settings, stored):
    """The visa key replaced by another (the data was stored with the old one)."""
    settings.VISA_ENCRYPTION_KEYS = settings.SALT_KEY = ["a-key-that-never-encrypted-this"]
    forget_keys()
    return stored


def staff(group=None):
    if group is None:
        user = make_officer()
    else:
        user = User.objects.create_user(f"staff-{group}", is_staff=True)
        team_member(group, user=user)
    client = Client()
    client.force_login(user)
    return client


def manage_url(registration, page=""):
    return f"/registration/manage/{registration.manage_token}/{page}"


def test_pages_without_passport_data_work_with_a_wrong_key(client, wrong_key):
    registration = wrong_key.registration
    page = client.get(manage_url(registration))
    assert page.status_code == 200
    assert "Your visa request: <strong>Requested</strong>" in page.content.decode()

    assert client.get(manage_url(registration, "cancel/")).status_code == 200
    cancelled = client.post(manage_url(registration, "cancel/"), {"confirm": "True"})
    assert cancelled.status_code == 200
    assert Registration.objects.get().status == "cancelled"
    assert VisaRequest.objects.count() == 0


def test_the_registration_admin_works_with_a_wrong_key(wrong_key):
    desk = staff("Registration managers")
    registration = wrong_key.registration
    listing = desk.get(reverse("admin:registration_registration_changelist"))
    assert listing.status_code == 200
    assert registration.email in listing.content.decode()
    change = desk.get(reverse("admin:registration_registration_change", args=[registration.pk]))
    assert change.status_code == 200
    assert registration.family_name in change.content.decode()


UNREADABLE = "Passport data cannot be read at the moment."


def test_the_attendee_visa_page_says_the_data_cannot_be_read(client, wrong_key):
    response = client.get(manage_url(wrong_key.registration, "visa/"))
    assert response.status_code == 503
    html = response.content.decode()
    assert UNREADABLE in html
    assert "gAAAA" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_the_visa_admin_says_the_data_cannot_be_read(wrong_key, page):
    officer = staff()
    args = [] if page == "changelist" else [wrong_key.pk]
    response = officer.get(reverse(f"admin:visas_visarequest_{page}", args=args))
    assert response.status_code == 503
    html = response.content.decode()
    assert UNREADABLE in html
    assert "VISA_ENCRYPTION_KEYS" in html
    assert "gAAAA" not in html


def test_an_unreadable_key_is_logged_once(client, settings, stored, caplog):
    settings.VISA_ENCRYPTION_KEYS = settings.SALT_KEY = ["logged-once-key"]
    forget_keys()
    url = manage_url(stored.registration, "visa/")
    with caplog.at_level(logging.ERROR, logger="visas"):
        for _ in range(3):
            assert client.get(url).status_code == 503
    said = [r for r in caplog.records if r.name.startswith("visas")]
    assert len(said) == 1
    assert "cannot be decrypted" in said[0].getMessage()
    assert "logged-once-key" not in said[0].getMessage()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == said


def test_the_right_key_still_reads(client, stored):
    response = client.get(manage_url(stored.registration, "visa/"))
    assert response.status_code == 200
    assert 'value="E31415926"' in response.content.decode()


def test_a_rotated_secret_key_keeps_links_sessions_and_passport_data(settings, stored):
    officer = staff()
    token = stored.registration.manage_token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-the-rotation-0123456789abcdef"
    forget_keys()
    anyone = Client()
    assert anyone.get(f"/registration/manage/{token}/").status_code == 200
    visa = anyone.get(f"/registration/manage/{token}/visa/")
    assert visa.status_code == 200
    assert 'value="E31415926"' in visa.content.decode()
    # Still signed in: the session made under the old key is accepted.
    index = officer.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["user"].username == "officer"


def test_without_the_old_key_links_and_sessions_end(settings, stored):
    officer = staff()
    token = stored.registration.manage_token
    settings.SECRET_KEY = "a-new-secret-key-after-the-rotation-0123456789abcdef"
    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(f"/registration/manage/{token}/").status_code == 404
    assert officer.get(reverse("admin:index")).status_code == 302


def test_secret_key_fallbacks_are_read_from_the_environment():
    code = "from django.conf import settings as s\nprint(s.SECRET_KEY_FALLBACKS)"
    result = run_django(code, production_env(SECRET_KEY_FALLBACKS="old-key-one,old-key-two"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['old-key-one', 'old-key-two']"
    result = run_django(code, production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

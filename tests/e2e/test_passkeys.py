"""Passkeys in the real browser, with Chromium's virtual authenticator (DevTools' WebAuthn
domain): an organiser signs in with the password, is taken to enrol, registers a passkey,
keeps the recovery codes, signs out, and signs in again with the passkey; an export after
the step-up window asks for the passkey again and then downloads."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from jobs.models import Job
from mfa import services
from tests.e2e.checks import screenshot
from tests.factories import ConferenceFactory, RegistrationFactory
from tests.registration.task_worker import run_db_worker

PASSWORD = "a long organiser password"


@pytest.fixture
def organiser(transactional_db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password=PASSWORD
    )


@pytest.fixture
def passkeys_here(settings, live_server):
    """Passkeys belong to the live server's host, as they belong to SITE_URL's in production."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")


@pytest.fixture
def authenticator(context, page):
    """A platform authenticator that keeps discoverable credentials and verifies its user."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_step(page):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_register_a_passkey_then_sign_in_with_it(page, organiser, passkeys_here, authenticator):
    cdp, authenticator_id = authenticator
    password_step(page)
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    assert "/account/second-factor/enrol/?next=%2Fadmin%2F" in page.url
    # The app's QR code and its key in text are offered beside the passkey.
    expect(page.locator("svg.mfa-qr")).to_be_visible()
    expect(page.locator("code.mfa-secret")).to_have_text(re.compile(r"^[A-Z2-7 ]{32,}$"))
    screenshot(page, "second-factor-enrol")

    page.get_by_role("button", name="Register a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".mfa-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=organiser).values_list("token", flat=True)
    )
    credential = WebAuthnCredential.objects.get(user=organiser)
    assert credential.confirmed
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(stored["credentials"]) == 1
    assert stored["credentials"][0]["isResidentCredential"] is True
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    # Signed out, the password alone opens nothing; the passkey does.
    page.get_by_role("button", name="Log out").click()
    password_step(page)
    expect(page.get_by_role("heading", name="Second step of signing in")).to_be_visible()
    page.goto("/admin/auth/user/")
    assert "/account/second-factor/verify/?next=%2Fadmin%2Fauth%2Fuser%2F" in page.url
    used_before = credential.sign_count
    page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
    assert page.url.endswith("/admin/auth/user/")
    credential.refresh_from_db()
    assert credential.last_used_at is not None
    assert credential.sign_count >= used_before


def test_an_export_after_the_window_asks_for_the_passkey_again(
    page, context, organiser, passkeys_here, authenticator
):
    conference = ConferenceFactory()
    RegistrationFactory(conference=conference, given_name="Marie", family_name="Dubois")
    password_step(page)
    page.get_by_role("button", name="Register a passkey").click()
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    def proved_an_hour_ago():
        """The passkey was proved an hour ago, as far as this session knows."""
        cookie = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
        session = SessionStore(cookie["value"])
        session[services.VERIFIED_AT_SESSION_KEY] = time.time() - 3600
        session.save()

    proved_an_hour_ago()
    page.goto("/admin/registration/registration/")
    page.get_by_role("row", name=re.compile("Dubois")).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Export as CSV (opens in Excel)")
    page.get_by_role("button", name="Go").click()
    # Starting the export asks first, in place, carrying the chosen rows.
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    screenshot(page, "second-factor-step-up")
    page.get_by_role("button", name="Use my passkey").click()

    # The export is a background job: its page says so until the task worker has made it.
    expect(page.locator(".messagelist")).to_contain_text("being made by the background worker")
    job = Job.objects.get()
    assert (job.kind, job.created_by) == ("registration.export_csv", organiser)
    assert page.url.endswith(f"/admin/jobs/job/{job.pk}/change/")
    expect(page.locator(".field-download")).to_contain_text("Not ready yet")
    run_db_worker()  # the deployment's worker
    job.refresh_from_db()
    assert job.state == Job.State.DONE

    # The window passes again while the organiser waits; the download asks for the passkey.
    proved_an_hour_ago()
    page.reload()
    page.locator(".field-download").get_by_role("link", name=job.filename).click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Use my passkey").click()
    assert info.value.suggested_filename == job.filename
    content = open(info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert "Dubois" in content

"""Badge PDFs are exports of personal data: printing chosen badges, starting a print run
and downloading its PDF ask for the second factor again once the last proof is older than
STEP_UP_MINUTES, as the registration and visa exports do."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from documents import services
from jobs.models import Job
from mfa import services as mfa
from tests.factories import prove_second_factor, team_member
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

STEP_UP = reverse("mfa:step_up")
CHANGELIST = reverse("admin:documents_badgeattendee_changelist")
PRINT_ALL = reverse("admin:documents_badgeattendee_print_all")
OUTSIDE = 11 * 60
INSIDE = 9 * 60


@pytest.fixture(autouse=True)
def _ten_minutes(settings):
    settings.STEP_UP_MINUTES = 10


def code_of(device):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


@pytest.fixture
def printer():
    user = get_user_model().objects.create_user("printer", password="x", is_staff=True)
    team_member("Check-in staff", user=user)
    return user


def signed_in(user, seconds_ago):
    client = Client()
    client.force_login(user)
    prove_second_factor(client, user, seconds_ago=seconds_ago)
    return client


@pytest.mark.parametrize("action", ["print_a6", "print_a4"])
def test_printing_chosen_badges_asks_again_in_place_then_prints(
    printer, ivan, jane, action, django_capture_on_commit_callbacks
):
    app = mfa.create_authenticator(printer)
    client = signed_in(printer, OUTSIDE)
    chosen = {"action": action, "_selected_action": [ivan.pk, jane.pk], "index": 0}
    response = client.post(CHANGELIST, chosen)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert next(t.name for t in response.templates) == "mfa/step_up_in_place.html"
    assert "Петров" not in response.content.decode()

    wrong = str((int(code_of(app)) + 1) % 1_000_000).zfill(6)
    again = client.post(CHANGELIST, {**chosen, "second_factor_code": wrong})
    assert again["Content-Type"] == "text/html; charset=utf-8"
    app.throttle_reset()

    assert Job.objects.count() == 0  # nothing started before the second factor
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CHANGELIST, {**chosen, "second_factor_code": code_of(app)})
    # The print run is the task worker's; the list links to its page.
    assert (done.status_code, done["Location"]) == (302, CHANGELIST)
    job = Job.objects.get()
    assert (job.kind, job.params["layout"], sorted(job.params["ids"])) == (
        "documents.badges",
        action[-2:],
        sorted([ivan.pk, jane.pk]),
    )


def test_printing_within_the_window_starts_the_run_at_once(printer, ivan):
    client = signed_in(printer, INSIDE)
    response = client.post(
        CHANGELIST, {"action": "print_a6", "_selected_action": [ivan.pk], "index": 0}
    )
    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert Job.objects.get().params["ids"] == [ivan.pk]


def test_starting_a_print_run_asks_again(printer, conference, ivan):
    client = signed_in(printer, OUTSIDE)
    assert client.get(PRINT_ALL).url == (
        f"{STEP_UP}?next=%2Fadmin%2Fdocuments%2Fbadgeattendee%2Fprint-all%2F"
    )
    response = client.post(PRINT_ALL, {"conference": conference.pk, "layout": "a6"})
    assert next(t.name for t in response.templates) == "mfa/step_up_in_place.html"
    assert Job.objects.count() == 0


def test_downloading_a_print_run_asks_again(
    printer, conference, ivan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_badge_batch(conference=conference, layout="a6")
    run_tasks()
    client = signed_in(printer, OUTSIDE)
    url = reverse("admin:jobs_job_download", args=[batch.pk])
    assert client.get(url).url == f"{STEP_UP}?next={url.replace('/', '%2F')}"
    prove_second_factor(client, printer, seconds_ago=INSIDE)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

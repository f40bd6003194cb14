"""Step-up: an export of personal data or a page with passport data asks for the second
factor again once the last proof is older than STEP_UP_MINUTES, and not within that window;
after the proof the user lands where they were going (a page) or the export runs (an action)."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from jobs.models import Job
from jobs.sealing import store_result
from mfa import services
from tests.factories import (
    ConferenceFactory,
    RegistrationFactory,
    VisaRequestFactory,
    prove_second_factor,
)
from tests.jobs.helpers import job_page
from tests.visas.conftest import make_officer

pytestmark = pytest.mark.django_db

STEP_UP = reverse("mfa:step_up")
REGISTRATIONS = reverse("admin:registration_registration_changelist")
VISAS = reverse("admin:visas_visarequest_changelist")
OUTSIDE = 11 * 60  # seconds since the last proof: outside the 10-minute window
INSIDE = 9 * 60


@pytest.fixture(autouse=True)
def _ten_minutes(settings):
    settings.STEP_UP_MINUTES = 10


def code_of(device):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


def signed_in(user, seconds_ago):
    client = Client()
    client.force_login(user)
    prove_second_factor(client, user, seconds_ago=seconds_ago)
    return client


@pytest.fixture
def organiser():
    return User.objects.create_superuser("organiser", "organiser@example.org", "pw")


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def visa_request():
    return VisaRequestFactory(
        registration=RegistrationFactory(conference=ConferenceFactory()),
        passport_number="E12345678",
    )


def visa_page(visa_request):
    return reverse("admin:visas_visarequest_change", args=[visa_request.pk])


def test_passport_data_asks_again_after_the_window_and_returns_to_the_page(officer, visa_request):
    app = services.create_authenticator(officer)
    client = signed_in(officer, OUTSIDE)
    page = visa_page(visa_request)
    for method in (client.get, client.head, client.options):
        response = method(page)
        assert response.status_code == 302
        assert (
            response.url
            == f"{STEP_UP}?next=%2Fadmin%2Fvisas%2Fvisarequest%2F{visa_request.pk}%2Fchange%2F"
        )
    step_up = client.get(response.url)
    assert step_up.status_code == 200
    assert "E12345678" not in step_up.content.decode()
    assert "Confirm it is you" in step_up.content.decode()

    response = client.post(response.url, {"second_factor_code": code_of(app), "next": page})
    assert response.url == page
    shown = client.get(page)
    assert shown.status_code == 200
    assert "E12345678" in shown.content.decode()


def test_passport_data_within_the_window_is_shown_at_once(officer, visa_request):
    client = signed_in(officer, INSIDE)
    response = client.get(visa_page(visa_request))
    assert response.status_code == 200
    assert "E12345678" in response.content.decode()


def test_a_wrong_code_does_not_show_passport_data(officer, visa_request):
    app = services.create_authenticator(officer)
    client = signed_in(officer, OUTSIDE)
    wrong = str((int(code_of(app)) + 1) % 1_000_000).zfill(6)
    response = client.post(
        f"{STEP_UP}?next={visa_page(visa_request)}", {"second_factor_code": wrong}
    )
    assert response.status_code == 200
    assert client.get(visa_page(visa_request)).status_code == 302


def test_the_invitation_pdf_asks_again_after_the_window(officer, visa_request):
    client = signed_in(officer, OUTSIDE)
    url = reverse("admin:visas_visarequest_invitation", args=[visa_request.pk])
    assert client.get(url).url == f"{STEP_UP}?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize(
    ("changelist", "action", "kind"),
    [
        (REGISTRATIONS, "export_csv", "registration.export_csv"),
        (VISAS, "export_csv", "visas.export_csv"),
        (VISAS, "export_xlsx", "visas.export_xlsx"),
    ],
)
def test_an_export_asks_again_in_place_then_runs(organiser, visa_request, changelist, action, kind):
    app = services.create_authenticator(organiser)
    client = signed_in(organiser, OUTSIDE)
    chosen = visa_request.pk if changelist == VISAS else visa_request.registration.pk
    response = client.post(changelist, {"action": action, "_selected_action": [chosen]})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert next(t.name for t in response.templates) == "mfa/step_up_in_place.html"
    # The form carries the action and the chosen rows, and nothing of the first request's token.
    assert response.context["carried"] == [
        ("action", action),
        ("_selected_action", str(chosen)),
    ]

    # A wrong code: the form again, no export.
    wrong = str((int(code_of(app)) + 1) % 1_000_000).zfill(6)
    again = client.post(
        changelist,
        {"action": action, "_selected_action": [chosen], "second_factor_code": wrong},
    )
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert again.context["form"].errors != {}

    app.throttle_reset()
    done = client.post(
        changelist,
        {"action": action, "_selected_action": [chosen], "second_factor_code": code_of(app)},
    )
    # The export's background job is started; the file is downloaded from its page.
    [job] = Job.objects.all()
    assert (done.status_code, done["Location"], job.kind) == (302, job_page(job), kind)


@pytest.mark.parametrize(
    ("changelist", "action"), [(REGISTRATIONS, "export_csv"), (VISAS, "export_csv")]
)
def test_an_export_within_the_window_runs_at_once(organiser, visa_request, changelist, action):
    client = signed_in(organiser, INSIDE)
    chosen = visa_request.pk if changelist == VISAS else visa_request.registration.pk
    response = client.post(changelist, {"action": action, "_selected_action": [chosen]})
    assert response["Location"] == job_page(Job.objects.get())


def test_other_actions_do_not_ask_again(organiser, visa_request):
    client = signed_in(organiser, OUTSIDE)
    response = client.post(
        VISAS, {"action": "mark_submitted", "_selected_action": [visa_request.pk]}
    )
    assert response.status_code == 302


def test_starting_and_downloading_a_workbook_ask_again(organiser, visa_request):
    client = signed_in(organiser, OUTSIDE)
    response = client.post(
        REGISTRATIONS,
        {"action": "export_xlsx", "_selected_action": [visa_request.registration.pk]},
    )
    assert next(t.name for t in response.templates) == "mfa/step_up_in_place.html"
    assert Job.objects.count() == 0

    job = Job.objects.create(
        kind="registration.export_xlsx", created_by=organiser, state=Job.State.DONE
    )
    store_result(job, content=b"x", filename="registrations.xlsx")
    job.save()
    url = reverse("admin:jobs_job_download", args=[job.pk])
    assert client.get(url).url.startswith(f"{STEP_UP}?next=")
    prove_second_factor(client, organiser, seconds_ago=INSIDE)
    assert client.get(url).status_code == 200


def test_a_session_that_never_proved_a_second_factor_is_sent_to_verify(organiser, visa_request):
    services.create_authenticator(organiser)
    client = Client()
    client.post(reverse("admin:login"), {"username": "organiser", "password": "pw"})
    assert client.get(visa_page(visa_request)).url.startswith(reverse("mfa:verify"))


def test_a_clock_in_the_future_is_not_fresh(officer, visa_request):
    client = signed_in(officer, -60)
    assert client.get(visa_page(visa_request)).status_code == 302


def test_an_export_by_someone_who_never_enrolled_leads_to_enrolment(visa_request):
    """Rights given to the account itself, in no team, need a second factor too."""
    staff = User.objects.create_user("direct", password="pw", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_registration", "export_registration"],
            content_type__app_label="registration",
        )
    )
    client = Client()
    client.post(reverse("admin:login"), {"username": "direct", "password": "pw"})
    response = client.post(
        REGISTRATIONS,
        {"action": "export_csv", "_selected_action": [visa_request.registration.pk]},
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa:enrol')}?next=%2Fadmin%2Fregistration%2Fregistration%2F"

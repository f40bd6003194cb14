"""Every documents page of the admin opens: list, search, add and change (as a superuser),
and a registration manager sees the same lists."""

import pytest

from documents import services
from documents.services import code_for
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(conference, jane, django_capture_on_commit_callbacks):
    services.set_badge_role(registration=jane, role="speaker")
    services.set_certificate_rule(conference=conference, min_sessions_joined=2)
    decision = services.decide_certificate(registration=jane, decision="issued", reason="Phone.")
    code = code_for(registration=jane, kind="letter")
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_badge_batch(conference=conference, layout="a6")
    run_tasks()
    return {
        "badgeattendee": jane.pk,
        "badge": jane.badge.pk,
        "certificaterule": conference.certificate_rule.pk,
        "certificatedecision": decision.pk,
        "verificationcode": code.pk,
        "job": batch.pk,
    }


@pytest.mark.parametrize(
    "model",
    [
        "badgeattendee",
        "badge",
        "certificaterule",
        "certificatedecision",
        "verificationcode",
        "jobs/job",
    ],
)
def test_list_search_and_change_pages_open(admin_client, records, model):
    base = f"/admin/{model}/" if "/" in model else f"/admin/documents/{model}/"
    listing = admin_client.get(base)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert admin_client.get(base, {"q": "Doe"}).status_code == 200
    assert admin_client.get(f"{base}{records[model.split('/')[-1]]}/change/").status_code == 200


@pytest.mark.parametrize("model", ["badge", "certificaterule", "certificatedecision"])
def test_add_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/documents/{model}/add/").status_code == 200


def test_the_print_run_page_opens(admin_client):
    assert admin_client.get("/admin/documents/badgeattendee/print-all/").status_code == 200


def test_a_verification_code_is_found_as_printed(admin_client, records, jane):
    code = code_for(registration=jane, kind="letter")
    listing = admin_client.get(
        "/admin/documents/verificationcode/", {"q": code.display_code.lower()}
    )
    assert [c.pk for c in listing.context["cl"].result_list] == [code.pk]


@pytest.mark.parametrize(
    "model",
    [
        "badgeattendee",
        "badge",
        "certificaterule",
        "certificatedecision",
        "verificationcode",
    ],
)
def test_registration_managers_see_every_list(organiser, records, model):
    client = organiser("Registration managers")
    assert client.get(f"/admin/documents/{model}/").status_code == 200


def test_registration_managers_see_the_print_run_on_the_jobs_page(organiser, records):
    client = organiser("Registration managers")
    listing = client.get("/admin/jobs/job/")
    assert [job.pk for job in listing.context["cl"].result_list] == [records["job"]]


def test_a_print_run_cannot_be_changed_or_deleted(admin_client, records):
    from jobs.models import Job

    pk = records["job"]
    response = admin_client.post(f"/admin/jobs/job/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Job.objects.filter(pk=pk).exists()

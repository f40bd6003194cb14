"""Background jobs: started once after the commit, run by the task worker (the database
backend's own worker), progress and result on the job's page, a failure recorded with its
reason, and the page and file only to those who may see them, per conference."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations import services as delegations
from jobs import runner, services
from jobs.models import Job
from registration.models import Registration
from teams.services import remove_member
from tests.delegations.conftest import contact, person, run_worker
from tests.factories import ConferenceFactory, RegistrationFactory, team_member
from tests.jobs.conftest import SEEN_WHILE_RUNNING
from tests.jobs.helpers import Downloaded, download_url, job_page
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registration_registration_changelist")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def started(capture, kind, **kwargs):
    with capture(execute=True):
        return services.start(kind, **kwargs)


def test_a_job_runs_through_the_worker_with_progress_and_a_result(
    admin_client, admin_user, conference, test_kinds, django_capture_on_commit_callbacks
):
    job = started(
        django_capture_on_commit_callbacks,
        "tests.count",
        conference=conference,
        user=admin_user,
        params={"text": "Иван, 王小明"},
    )
    assert (job.state, job.progress_done, job.result_file.name) == ("queued", 0, "")
    page = admin_client.get(job_page(job)).content.decode()
    assert "Waiting for the worker" in page
    assert '<meta http-equiv="refresh" content="3">' in page

    run_tasks()

    # Each step was visible while it ran.
    assert SEEN_WHILE_RUNNING == [("running", 1, 3), ("running", 2, 3), ("running", 3, 3)]
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.progress_total, job.message) == (
        "done",
        3,
        3,
        "Counted to three.",
    )
    assert job.started_at <= job.finished_at
    page = admin_client.get(job_page(job)).content.decode()
    assert "3 of 3" in page and "Counted to three." in page
    assert 'http-equiv="refresh"' not in page
    downloaded = Downloaded(admin_client.get(download_url(job)))
    assert downloaded.content.decode() == "Иван, 王小明"
    assert downloaded["Content-Disposition"] == 'attachment; filename="counted.txt"'


def test_a_result_is_kept_sealed_and_opened_only_for_the_download(
    admin_client, admin_user, conference, test_kinds, settings
):
    """An export holds personal data (a visa export, passport numbers): the file in private
    storage is a Fernet token, and a key no longer in the ring gives a 404, not a 500."""
    job = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "AB1234567 Иван"}
    )
    runner.run(job_id=job.pk)
    job.refresh_from_db()
    with job.result_file.open("rb") as stored:
        at_rest = stored.read()
    assert b"AB1234567" not in at_rest and "Иван".encode() not in at_rest
    assert Downloaded(admin_client.get(download_url(job))).content.decode() == "AB1234567 Иван"

    settings.MAIL_ENCRYPTION_KEYS = ["a key that did not seal it"]
    assert admin_client.get(download_url(job)).status_code == 404


def test_a_job_run_twice_runs_once(admin_user, conference, test_kinds):
    job = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "x"}
    )
    runner.run(job_id=job.pk)
    runner.run(job_id=job.pk)
    assert len(SEEN_WHILE_RUNNING) == 3
    assert runner.run(job_id=999999) is None


@pytest.mark.parametrize(
    ("params", "reason"),
    [({}, "RuntimeError: the disk is full"), ({"said": True}, "The list was empty.")],
)
def test_a_failure_is_recorded_with_its_reason_and_the_page_says_it(
    admin_client,
    admin_user,
    conference,
    test_kinds,
    params,
    reason,
    django_capture_on_commit_callbacks,
):
    job = started(
        django_capture_on_commit_callbacks,
        "tests.breaks",
        conference=conference,
        user=admin_user,
        params=params,
    )
    run_tasks()
    job.refresh_from_db()
    assert (job.state, job.message, job.progress_done, job.result_file.name) == (
        "failed",
        reason,
        1,
        "",
    )
    page = admin_client.get(job_page(job))
    assert page.status_code == 200
    assert "Stopped by an error" in page.content.decode()
    assert reason in page.content.decode()
    assert admin_client.get(download_url(job)).status_code == 404


def test_a_kind_no_longer_known_fails_with_a_reason(admin_user, conference):
    job = Job.objects.create(kind="gone.kind", conference=conference, dedupe_key="gone")
    runner.run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "failed",
        "This kind of job is no longer known to the site.",
    )
    with pytest.raises(ValueError):
        services.start("gone.kind", conference=conference, user=admin_user, params={})


def test_the_same_job_asked_twice_is_one_job(admin_user, conference, test_kinds):
    first = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "a"}
    )
    again = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "a"}
    )
    other = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "b"}
    )
    assert (again.pk, again.already_running, first.already_running) == (first.pk, True, False)
    assert other.pk != first.pk
    runner.run(job_id=first.pk)
    # Once finished, asking again is a new job.
    later = services.start(
        "tests.count", conference=conference, user=admin_user, params={"text": "a"}
    )
    assert later.pk != first.pk


# --- who sees what ------------------------------------------------------------------------
def test_the_other_conferences_team_finds_neither_the_page_nor_the_file(
    test_kinds, django_capture_on_commit_callbacks
):
    alpha, beta = ConferenceFactory(slug="alpha"), ConferenceFactory(slug="beta")
    maker = team_member("registration_manager", alpha)
    job = started(
        django_capture_on_commit_callbacks,
        "tests.count",
        conference=alpha,
        user=maker,
        params={"text": "alpha's"},
    )
    run_tasks()
    colleague = signed_in(team_member("registration_manager", alpha))
    stranger = signed_in(team_member("registration_manager", beta))
    editor = signed_in(team_member("content_editor", alpha))
    # A team kind: the conference's managers all see it.
    assert colleague.get(job_page(job)).status_code == 200
    assert Downloaded(colleague.get(download_url(job))).content == b"alpha's"
    # The other conference's team: a missing job.
    assert stranger.get(job_page(job))["Location"] == reverse("admin:index")
    assert stranger.get(download_url(job)).status_code == 404
    assert list(stranger.get(reverse("admin:jobs_job_changelist")).context["cl"].result_list) == []
    # A role without the kind's right: refused.
    assert editor.get(job_page(job)).status_code == 403
    assert editor.get(download_url(job)).status_code == 403
    # Only a read: the download answers GET and HEAD.
    assert colleague.post(download_url(job)).status_code == 405


def test_an_export_is_its_makers_own(test_kinds, django_capture_on_commit_callbacks):
    alpha = ConferenceFactory()
    maker = team_member("registration_manager", alpha)
    job = started(
        django_capture_on_commit_callbacks,
        "tests.breaks",  # result_for="creator", as the exports
        conference=alpha,
        user=maker,
        params={},
    )
    colleague = signed_in(team_member("registration_manager", alpha))
    assert colleague.get(job_page(job))["Location"] == reverse("admin:index")
    assert signed_in(maker).get(job_page(job)).status_code == 200


# --- decisions on many registrations ------------------------------------------------------
def awaiting(conference, count):
    return RegistrationFactory.create_batch(
        count, conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )


def approve(client, people):
    return client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [p.pk for p in people]}
    )


def test_approving_is_a_job_with_progress_whatever_the_number(
    admin_client, conference, django_capture_on_commit_callbacks
):
    conference.in_person_capacity = 100
    conference.save()
    people = awaiting(conference, 25)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(admin_client, people)
    assert response.status_code == 302
    # Nothing decided in the request.
    assert set(Registration.objects.values_list("status", flat=True)) == {"awaiting_approval"}
    job = Job.objects.get()
    assert (job.kind, job.progress_total, job.params["decision"]) == (
        "registration.decide",
        25,
        "approve",
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.message) == ("done", 25, "25 registrations approved.")
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}
    assert set(Registration.objects.values_list("decided_by__username", flat=True)) == {"admin"}
    # Each person was told, as when approved one by one.
    assert len(mail.outbox) == 25


def test_one_registration_chosen_is_a_job_too_and_the_list_links_to_it(
    admin_client, conference, django_capture_on_commit_callbacks
):
    [person] = awaiting(conference, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST,
            {"action": "approve_selected", "_selected_action": [person.pk]},
            follow=True,
        )
    job = Job.objects.get()
    [message] = [str(m) for m in response.context["messages"]]
    assert message == (
        f"1 row of {conference} goes to the background worker. "
        f'<a href="{job_page(job)}">Follow the progress.</a>'
    )
    person.refresh_from_db()
    assert person.status == "awaiting_approval"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    person.refresh_from_db()
    job.refresh_from_db()
    assert (person.status, job.state, job.message) == (
        "confirmed",
        "done",
        "1 registration approved.",
    )
    assert len(mail.outbox) == 1


def test_a_refused_decision_in_a_job_is_named_on_its_page(
    admin_client, conference, django_capture_on_commit_callbacks
):
    people = awaiting(conference, 3)
    Registration.objects.filter(pk=people[0].pk).update(status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        approve(admin_client, people)
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    job = Job.objects.get()
    lines = job.message.splitlines()
    assert lines[0] == "2 registrations approved."
    assert len(lines) == 2 and lines[1].startswith(f"{people[0].full_name}: ")
    page = admin_client.get(job_page(job)).content.decode()
    assert "2 registrations approved." in page
    assert f"{people[0].full_name}: " in page


def test_a_double_post_makes_one_job(admin_client, conference, django_capture_on_commit_callbacks):
    people = awaiting(conference, 2)
    with django_capture_on_commit_callbacks(execute=True):
        approve(admin_client, people)
        again = admin_client.post(
            CHANGELIST,
            {"action": "approve_selected", "_selected_action": [p.pk for p in people]},
            follow=True,
        )
    job = Job.objects.get()
    assert [str(m) for m in again.context["messages"]][-1:] == [
        f"The same work on these rows of {conference} is already under way. "
        f'<a href="{job_page(job)}">Follow the progress.</a>'
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    # Each person told once.
    assert len(mail.outbox) == 2


def test_a_selection_over_two_conferences_is_one_job_each(
    admin_client, django_capture_on_commit_callbacks
):
    alpha, beta = ConferenceFactory(), ConferenceFactory()
    people = awaiting(alpha, 2) + awaiting(beta, 1)
    with django_capture_on_commit_callbacks(execute=True):
        approve(admin_client, people)
    assert sorted(
        (job.conference_id, len(job.params["ids"])) for job in Job.objects.all()
    ) == sorted([(alpha.pk, 2), (beta.pk, 1)])


def test_another_conferences_team_cannot_act_on_its_registrations(
    django_capture_on_commit_callbacks,
):
    alpha, beta = ConferenceFactory(), ConferenceFactory()
    manager = signed_in(team_member("registration_manager", alpha))
    [theirs] = awaiting(beta, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            CHANGELIST,
            {"action": "approve_selected", "_selected_action": [theirs.pk]},
            follow=True,
        )
    # The row is not in the manager's list: nothing is chosen, no job, nothing decided.
    assert Job.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == ["Nothing was chosen."]
    theirs.refresh_from_db()
    assert theirs.status == "awaiting_approval"


def test_a_job_touches_only_its_own_conferences_registrations(
    django_capture_on_commit_callbacks,
):
    """Even ids of another conference slipped into a job's parameters are not decided."""
    alpha, beta = ConferenceFactory(), ConferenceFactory()
    manager = team_member("registration_manager", alpha)
    [ours] = awaiting(alpha, 1)
    [theirs] = awaiting(beta, 1)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(
            "registration.decide",
            conference=alpha,
            user=manager,
            params={"decision": "approve", "ids": [ours.pk, theirs.pk]},
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    job.refresh_from_db()
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (job.state, job.message) == ("done", "1 registration approved.")
    assert (ours.status, theirs.status) == ("confirmed", "awaiting_approval")


def test_a_job_of_someone_who_lost_the_right_decides_nothing(
    django_capture_on_commit_callbacks,
):
    alpha = ConferenceFactory()
    manager = team_member("registration_manager", alpha)
    [person] = awaiting(alpha, 1)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(
            "registration.decide",
            conference=alpha,
            user=manager,
            params={"decision": "approve", "ids": [person.pk]},
        )
    for team in manager.teams.all():
        remove_member(user=manager, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    job.refresh_from_db()
    person.refresh_from_db()
    assert (job.state, person.status) == ("failed", "awaiting_approval")
    assert job.message == "The account that started this job may no longer decide here."


def test_a_get_to_the_action_does_nothing(admin_client, conference):
    [person] = awaiting(conference, 1)
    response = admin_client.get(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [person.pk]}
    )
    # Read as a list filter it does not know: the list again, nothing done.
    assert (response.status_code, response["Location"]) == (302, CHANGELIST + "?e=1")
    assert Job.objects.count() == 0
    person.refresh_from_db()
    assert person.status == "awaiting_approval"


# --- a delegation's confirmation ----------------------------------------------------------
def confirmation_queries(conference, size, capture):
    delegation = delegations.submit(
        conference=conference,
        contact=contact(),
        members=[person(f"P{n}", "Person", f"p{size}-{n}@tpu.ru") for n in range(size)],
    )
    with capture(execute=True), CaptureQueriesContext(connection) as queries:
        delegations.confirm_contact(delegation=delegation)
    return delegation, len(queries)


def test_confirming_a_delegation_takes_the_same_queries_for_3_and_30_people(
    conference, django_capture_on_commit_callbacks
):
    _small, few = confirmation_queries(conference, 3, django_capture_on_commit_callbacks)
    large, many = confirmation_queries(conference, 30, django_capture_on_commit_callbacks)
    # Savepoints, the lock, the mark, the count, the job: whatever the size (registering
    # each person in the request, as before, took 245 queries for 30 people).
    assert few == many == 10
    assert Registration.objects.count() == 0
    assert Job.objects.get(params__delegation=large.pk).progress_total == 30
    run_worker()
    assert Registration.objects.count() == 33
    job = Job.objects.get(params__delegation=large.pk)
    assert (job.state, job.progress_done) == ("done", 30)
    assert sorted(set(large.members.values_list("outcome", flat=True))) == ["registered"]


def test_the_contacts_page_says_being_registered_until_the_worker_ran(
    client, conference, django_capture_on_commit_callbacks
):
    delegation, _queries = confirmation_queries(conference, 3, django_capture_on_commit_callbacks)
    page = client.get(f"/delegation/{delegation.page_token}/")
    assert [m.status_label() for m in page.context["members"]] == ["Being registered"] * 3
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    page = client.get(f"/delegation/{delegation.page_token}/")
    assert [m.status_label() for m in page.context["members"]] == [
        "Awaiting email confirmation"
    ] * 3


def count(conference, user, text):
    return services.start("tests.count", conference=conference, user=user, params={"text": text})


def test_a_job_whose_worker_stopped_is_started_again(admin_user, conference, test_kinds):
    import datetime as dt

    from django.utils import timezone

    stuck = count(conference, admin_user, "a")
    Job.objects.filter(pk=stuck.pk).update(
        state="running", started_at=timezone.now() - dt.timedelta(hours=3)
    )
    fresh = count(conference, admin_user, "a")
    stuck.refresh_from_db()
    assert fresh.pk != stuck.pk and fresh.state == "queued"
    assert (stuck.state, stuck.message) == (
        "failed",
        "The worker stopped while running this job; it was started again.",
    )
    # One running for less time is still the one.
    Job.objects.filter(pk=fresh.pk).update(state="running", started_at=timezone.now())
    assert count(conference, admin_user, "a").pk == fresh.pk

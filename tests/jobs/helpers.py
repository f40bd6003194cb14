"""Running an admin action that starts a background job, as an organiser does: the action
answers with the job's page, the task worker runs it, the page offers the file."""

from django.urls import reverse

from jobs.models import Job
from tests.registration.task_worker import run_tasks


class Downloaded:
    """A file response read whole: its content, status and headers."""

    def __init__(self, response):
        self.response = response
        self.status_code = response.status_code
        streaming = getattr(response, "streaming_content", None)
        self.content = b"".join(streaming) if streaming is not None else response.content

    def __getitem__(self, header):
        return self.response[header]


def job_page(job):
    return reverse("admin:jobs_job_change", args=[job.pk])


def download_url(job):
    return reverse("admin:jobs_job_download", args=[job.pk])


def run_and_download(client, capture, post):
    """``post()`` (the action) inside the commit, then the worker, then the download, read
    whole. The job is deleted afterwards, so the next one in the test is the only one."""
    before = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = post()
    [job] = Job.objects.exclude(pk__in=before)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == job_page(job)
    run_tasks()
    page = client.get(job_page(job)).content.decode()
    assert f'href="{download_url(job)}"' in page
    downloaded = Downloaded(client.get(download_url(job)))
    job.delete()
    return downloaded


def act_and_run(client, capture, changelist, action, rows, **extra):
    """An admin action on ``rows`` posted as an organiser does: it answers with the list
    and a message linking to the one job it started (nothing done yet); then the worker
    runs the job. Returns the job, finished, with the list's answer as ``job.answer``."""
    before = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        answer = client.post(
            changelist,
            {"action": action, "_selected_action": [row.pk for row in rows], **extra},
            follow=True,
        )
    [job] = Job.objects.exclude(pk__in=before)
    assert job.state == Job.State.QUEUED
    shown = [str(message) for message in answer.context["messages"]]
    assert any(f'<a href="{job_page(job)}">' in line for line in shown), shown
    with capture(execute=True):
        run_tasks()
    job.refresh_from_db()
    job.answer = answer
    return job

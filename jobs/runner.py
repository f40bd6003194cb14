"""Running one job: the body of the task (jobs/tasks.py), apart from the service that
starts jobs so that services -> tasks -> runner points one way.

Queued -> running is taken under the row's lock, so a task run twice (a worker restarted,
a task enqueued again) runs the work once. The runner's own steps commit as they go (each
through its app's service), so the progress is visible on the job page while it runs.
Whatever the runner raises, the job ends failed with the reason recorded: no job is lost
in "running" because of an error in its work."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import sealing
from jobs.models import Job
from jobs.registry import JobError, Result, get_kind

logger = logging.getLogger(__name__)

FAILURE_LENGTH = 1000


def _claim(job_id):
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return None
        job.state = Job.State.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["state", "started_at"])
    return job


def _progress_reporter(job):
    def report_progress(done, total=None):
        if total is not None:
            job.progress_total = max(total, 0)
        job.progress_done = min(max(done, 0), job.progress_total)
        job.save(update_fields=["progress_done", "progress_total"])

    return report_progress


def _finish(job, result):
    if not isinstance(result, Result):
        result = Result(message=str(result) if result else "")
    job.message = result.message
    job.result_count = result.count
    if result.content is not None:
        sealing.store_result(job, content=result.content, filename=result.filename)
        job.result_type = result.content_type
    job.state = Job.State.DONE
    job.finished_at = timezone.now()
    job.save()


def _fail(job, reason):
    # Re-read: the runner may have left the instance half-changed.
    job = Job.objects.get(pk=job.pk)
    job.state = Job.State.FAILED
    job.message = reason[:FAILURE_LENGTH]
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "finished_at"])
    return job


def run(*, job_id):
    """Runs one queued job to its end; returns it (None if there is no such job). A job
    already taken, done or failed is returned as it is."""
    job = _claim(job_id)
    if job is None:
        return Job.objects.filter(pk=job_id).first()
    kind = get_kind(job.kind)
    if kind is None:
        return _fail(job, _("This kind of job is no longer known to the site."))
    try:
        with translation.override((job.params or {}).get("language") or settings.LANGUAGE_CODE):
            result = kind.run(job, _progress_reporter(job))
        _finish(job, result)
    except JobError as error:
        return _fail(job, str(error.message))
    except Exception as error:  # recorded for the organisers, then logged in full
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _fail(job, f"{type(error).__name__}: {error}")
    return job

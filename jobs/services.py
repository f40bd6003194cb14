"""The one door to start a job, and the questions the job page asks.

    start("registration.export_csv", conference=c, user=u, params={"ids": [...]})
    visible_to(user)          -> the jobs a user may see
    may_see(user, job)        -> the job page and its result

A job is started inside the caller's transaction and handed to the task worker after the
commit, so a rolled-back request leaves no job and the worker never reads a row that is not
there yet."""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import tasks
from jobs.models import Job
from jobs.registry import get_kind, kinds
from teams import services as teams


def _dedupe_key(kind, conference_id, user_id, params):
    text = json.dumps([kind, conference_id, user_id, params], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def start(kind, *, conference, user, params, total=0):
    """Creates the job (queued) and enqueues its task after the commit; returns it.

    The same kind, conference, account and parameters while such a job is still queued or
    running give that job back instead of a second one (a double click, a form sent twice):
    the database's unique constraint decides, not a check two requests could both pass.
    A job "running" for longer than STALE_AFTER (its worker was stopped) is marked failed
    and the new one started."""
    if get_kind(kind) is None:
        raise ValueError(f"Unknown job kind {kind!r}.")
    conference_id = getattr(conference, "pk", conference)
    user_id = getattr(user, "pk", None)
    # The job speaks the language it was asked in (an export's answers, its messages).
    params = {"language": translation.get_language() or settings.LANGUAGE_CODE, **params}
    key = _dedupe_key(kind, conference_id, user_id, params)
    with transaction.atomic():
        job = _create(kind, conference_id, user_id, params, key, total)
        if job is None:
            job = Job.objects.select_for_update().get(dedupe_key=key, state__in=Job.ACTIVE)
            if not _stale(job):
                job.already_running = True
                return job
            # A worker stopped in the middle of it: say so on that job, and start anew.
            job.state = Job.State.FAILED
            job.message = _("The worker stopped while running this job; it was started again.")
            job.finished_at = timezone.now()
            job.save(update_fields=["state", "message", "finished_at"])
            job = _create(kind, conference_id, user_id, params, key, total)
        job.already_running = False
        transaction.on_commit(lambda: tasks.run_job.enqueue(job_id=job.pk))
    return job


# A job running longer than this is taken for one whose worker stopped (the longest, a
# conference's badges, takes minutes).
STALE_AFTER = dt.timedelta(hours=2)


def _stale(job):
    return job.state == Job.State.RUNNING and job.started_at < timezone.now() - STALE_AFTER


def _create(kind, conference_id, user_id, params, key, total):
    """The new job, or None when the same one is queued or running."""
    try:
        with transaction.atomic():
            return Job.objects.create(
                kind=kind,
                conference_id=conference_id,
                created_by_id=user_id,
                params=params,
                dedupe_key=key,
                progress_total=total,
            )
    except IntegrityError:
        return None


def _holds(user, kind, job):
    if job.conference_id is not None:
        return teams.may(user, kind.permission, job.conference_id)
    # A job over several conferences: the account that started it, while it holds the
    # right at all (the admin let it choose only rows of its own conferences).
    return user.has_perm(kind.permission) and job.created_by_id == user.pk


def may_see(user, job):
    """Whether ``user`` may open the job's page and download its result: the kind's right
    for the job's conference, and, for a kind whose result is the creator's, being the one
    who started it. Superusers see every job."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    kind = get_kind(job.kind)
    if kind is None or not _holds(user, kind, job):
        return False
    return kind.result_for == "team" or job.created_by_id == user.pk


def visible_to(user):
    """The jobs ``user`` may see, as one queryset (the same rule as ``may_see``)."""
    jobs = Job.objects.all()
    if not (user.is_authenticated and user.is_active):
        return jobs.none()
    if user.is_superuser:
        return jobs
    allowed = Q(pk__in=[])
    for kind in kinds():
        own = Q() if kind.result_for == "team" else Q(created_by_id=user.pk)
        if teams.serves_all_conferences(user, kind.permission):
            scope = Q(conference__isnull=False)
        else:
            scope = Q(conference__in=teams.conferences_for(user, kind.permission).values("pk"))
        if user.has_perm(kind.permission):
            scope |= Q(conference__isnull=True, created_by_id=user.pk)
        allowed |= Q(kind=kind.name) & scope & own
    return jobs.filter(allowed)


def may_see_any(user):
    """Whether ``user`` holds the right of any kind of job (the admin's menu entry)."""
    return user.is_active and any(user.has_perm(kind.permission) for kind in kinds())


def purge(*, kind_names, days, now=None):
    """Deletes the jobs of ``kind_names`` started more than ``days`` ago (a job still running
    by then is stuck), with their files; returns how many. The owning app's retention
    command calls it and records the destruction."""
    now = now or timezone.now()
    deleted = 0
    old = Job.objects.filter(
        kind__in=kind_names,
        created_at__lt=now - dt.timedelta(days=days),
    )
    for job in old:
        with transaction.atomic():
            if job.result_file:
                job.result_file.delete(save=False)
            job.delete()
        deleted += 1
    return deleted

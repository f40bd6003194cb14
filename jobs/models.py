from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference_site.storage import private_storage
from jobs.registry import get_kind


def result_upload_to(job, filename):
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}-{filename}"


class Job(models.Model):
    """One piece of long work (jobs/registry.py names the kinds), run by the task worker:
    queued -> running -> done or failed, with its progress, its result (a file in private
    storage, or a link) and, when it failed, the reason. Its page is in the admin
    (jobs/admin.py); who may see it and download its result is decided per conference."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped by an error")

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("kind"), max_length=60)
    # None when the work spans several conferences (an export of a mixed selection).
    conference = models.ForeignKey(
        "events.Conference",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conference"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True, editable=False)
    # Kind, conference, account and parameters, while the job is queued or running: the
    # same job asked for twice (a double click) is one job.
    dedupe_key = models.CharField(_("duplicate key"), max_length=64, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("of"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_file = models.FileField(
        _("result"),
        storage=private_storage,
        upload_to=result_upload_to,
        blank=True,
        editable=False,
        max_length=200,
    )
    result_type = models.CharField(_("result type"), max_length=100, blank=True, editable=False)
    result_count = models.PositiveIntegerField(
        _("result count"), null=True, blank=True, editable=False
    )
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        default_permissions = ["view"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="job_state_known",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")),
                name="job_done_within_total",
            ),
            models.UniqueConstraint(
                "dedupe_key",
                condition=Q(state__in=["queued", "running"]),
                name="job_once_while_active",
            ),
        ]

    def __str__(self):
        kind = get_kind(self.kind)
        return f"{kind.label if kind else self.kind} (#{self.pk})"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def filename(self):
        return (
            self.result_file.name.rsplit("/", 1)[-1].split("-", 1)[-1] if self.result_file else ""
        )

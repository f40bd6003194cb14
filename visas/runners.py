"""The visa officers' exports as background jobs (jobs/registry.py), added in
VisasConfig.ready(): the file is written by the task worker from visas/exports.py, and
downloaded from the job's page by the officer who asked for it, after a fresh second
factor; the download is what is recorded (the visa log and the audit log), as the export
itself was when it was answered in the request."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.admin_actions import chosen
from jobs.registry import JobError, JobKind, Result, add_kind
from mfa.decorators import step_up_required
from teams import services as teams
from visas import exports, services
from visas.models import VisaAuditEntry, VisaRequest

EXPORT_PERMISSION = "visas.export_visarequest"
STATUS_PERMISSION = "visas.change_visa_status"
STATUS_JOB = "visas.status"
# Passport data: the file goes a day after it was made (the officer downloads it at once).
KEEP_DAYS = 1


def _chosen(job):
    return VisaRequest.objects.filter(pk__in=job.params.get("ids", []))


def export_csv(job, report_progress):
    report_progress(0, 1)
    requests = _chosen(job)
    # The same file the request used to answer with, byte for byte (BOM and all).
    content = exports.csv_response(requests).content
    report_progress(1)
    return Result(
        content=content,
        filename=exports._filename("csv"),
        content_type="text/csv; charset=utf-8",
        count=requests.count(),
    )


def export_xlsx(job, report_progress):
    report_progress(0, 1)
    requests = _chosen(job)
    content = exports.xlsx_bytes(requests)
    report_progress(1)
    return Result(
        content=content,
        filename=exports._filename("xlsx"),
        content_type=exports.XLSX_TYPE,
        count=requests.count(),
    )


def _record_download(action):
    def record(request, job):
        services.record_access(user=request.user, action=action, requests=job.params.get("ids", []))

    return record


KINDS = {
    "visas.export_csv": (_("Visa requests export (CSV)"), export_csv, "EXPORTED_CSV"),
    "visas.export_xlsx": (_("Visa requests export (Excel)"), export_xlsx, "EXPORTED_XLSX"),
}


# --- a status step on many chosen requests -----------------------------------------------
# name: (the service, the summary)
STEPS = {
    "submitted": (
        services.mark_submitted,
        lambda n: ngettext("%d request submitted.", "%d requests submitted.", n) % n,
    ),
    "sent": (
        services.mark_sent,
        lambda n: ngettext("%d invitation sent.", "%d invitations sent.", n) % n,
    ),
}


def change_status(job, report_progress):
    """Each chosen request of the job's conference through its service, one after the
    other, as the officer who started the job; a refused one is named on the job page."""
    step, summary = STEPS[job.params["step"]]
    user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None or not teams.may(user, STATUS_PERMISSION, job.conference_id):
        raise JobError(_("The account that started this job may no longer change visa requests."))
    requests = list(chosen(job, VisaRequest.objects.order_by("pk"), "registration__conference"))
    report_progress(0, len(requests))
    done, refused = 0, []
    for position, visa_request in enumerate(requests, start=1):
        try:
            step(visa_request=visa_request, user=user)
        except services.VisaError as error:
            refused.append(f"{visa_request}: {error.message}")
        else:
            done += 1
        report_progress(position)
    return Result(message="\n".join([summary(done), *refused]), count=done)


def add_kinds():
    add_kind(
        JobKind(
            name=STATUS_JOB,
            label=_("Visa requests' status changed"),
            run=change_status,
            permission=STATUS_PERMISSION,
            result_for="team",
        )
    )
    for name, (label, run, action) in KINDS.items():
        add_kind(
            JobKind(
                name=name,
                label=label,
                run=run,
                permission=EXPORT_PERMISSION,
                download_guard=step_up_required,
                on_download=_record_download(getattr(VisaAuditEntry.Action, action)),
            )
        )

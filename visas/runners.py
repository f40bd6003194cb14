"""The visa officers' exports as background jobs (jobs/registry.py), added in
VisasConfig.ready(): the file is written by the task worker from visas/exports.py, and
downloaded from the job's page by the officer who asked for it, after a fresh second
factor; the download is what is recorded (the visa log and the audit log), as the export
itself was when it was answered in the request."""

from django.utils.translation import gettext_lazy as _

from jobs.registry import JobKind, Result, add_kind
from mfa.decorators import step_up_required
from visas import exports, services
from visas.models import VisaAuditEntry, VisaRequest

EXPORT_PERMISSION = "visas.export_visarequest"
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


def add_kinds():
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

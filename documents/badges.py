"""A badge print run as a background job (jobs/registry.py), added in
DocumentsConfig.ready(): the badges in chunks (progress reported after each, so the job page
shows it), then one PDF of all the pages, stored privately as the job's result. Who holds
"Can print name badges" for the conference downloads it from the job page after a fresh
second factor; the download is recorded in the audit log."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import services as audit
from documents import printing, services
from documents.models import Layout
from jobs.registry import JobError, JobKind, Result, add_kind
from mfa.decorators import step_up_required

PRINT_PERMISSION = "documents.print_badges"
# Badges laid out per WeasyPrint document; a multiple of four, so A4 sheets stay full.
CHUNK = 200


def chosen_registrations(job):
    holders = services.badge_holders(job.conference).select_related("conference")
    if job.params.get("ids"):
        holders = holders.filter(pk__in=job.params["ids"])
    return list(holders)


def print_badges(job, report_progress):
    layout = Layout(job.params["layout"])
    registrations = chosen_registrations(job)
    report_progress(0, len(registrations))
    documents = []
    for start in range(0, len(registrations), CHUNK):
        chunk = registrations[start : start + CHUNK]
        documents.append(printing.render_badges(printing.badges_for(chunk), layout))
        report_progress(start + len(chunk))
    if not documents:
        raise JobError(_("No confirmed in-person attendee is left in this selection."))
    return Result(
        content=printing.pdf.join_pdf(documents),
        filename=f"badges-{job.conference.slug}-{layout.value}-{job.pk}.pdf",
        content_type="application/pdf",
        count=len(registrations),
        message=ngettext("%d badge printed.", "%d badges printed.", len(registrations))
        % len(registrations),
    )


def _record_download(request, job):
    audit.record(
        action=audit.Action.EXPORT,
        request=request,
        conference=job.conference,
        subject=job,
        detail="badges pdf",
        count=job.result_count,
    )


def add_kinds():
    add_kind(
        JobKind(
            name=services.BADGES_JOB,
            label=_("Badge print run"),
            run=print_badges,
            permission=PRINT_PERMISSION,
            # Any badge printer of the conference may fetch the PDF (the desk shares it).
            result_for="team",
            download_guard=step_up_required,
            on_download=_record_download,
        )
    )

"""The registration app's background jobs (jobs/registry.py), added in
RegistrationConfig.ready(): the exports of chosen registrations (CSV and workbook, written by
registration/exports.py) and the organisers' decisions on many registrations at once, each
made through its own service, one registration after the other, with progress."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import services as audit
from jobs.admin_actions import chosen
from jobs.registry import JobError, JobKind, Result, add_kind
from mfa.decorators import step_up_required
from registration import exports, services
from registration.models import Registration
from teams import services as teams

EXPORT_PERMISSION = "registration.export_registration"
DECIDE_PERMISSION = "registration.decide_registration"
# Exports hold personal data: deleted a week after they were made, as the privacy notice says
# (manage.py purge_registration_data).
EXPORT_KEEP_DAYS = 7
DECISION_KEEP_DAYS = 30


def _chosen(job):
    return Registration.objects.filter(pk__in=job.params.get("ids", []))


def export_csv(job, report_progress):
    registrations = _chosen(job)
    report_progress(0, 1)
    # The same file the request used to answer with, byte for byte (BOM and all).
    content = exports.csv_response(registrations).content
    report_progress(1)
    return Result(
        content=content,
        filename=exports._filename("csv"),
        content_type="text/csv; charset=utf-8",
        count=registrations.count(),
    )


def export_xlsx(job, report_progress):
    report_progress(0, 1)
    content, count = exports.xlsx_bytes(_chosen(job))
    report_progress(1)
    return Result(
        content=content,
        filename=exports._filename("xlsx"),
        content_type=exports.XLSX_TYPE,
        count=count,
    )


def _record_download(detail):
    def record(request, job):
        audit.record(
            action=audit.Action.EXPORT,
            request=request,
            conference=job.conference,
            subject=job,
            detail=detail,
            count=job.result_count,
        )

    return record


# --- decisions on many registrations ------------------------------------------------------
# name: (the service, the order the chosen are taken in, the summary)
DECISIONS = {
    "approve": (
        lambda registration, user: services.approve(registration=registration, user=user),
        ("family_name", "given_name", "id"),
        lambda n: ngettext("%d registration approved.", "%d registrations approved.", n) % n,
    ),
    "decline": (
        lambda registration, user: services.decline(registration=registration, user=user),
        ("family_name", "given_name", "id"),
        lambda n: ngettext("%d registration declined.", "%d registrations declined.", n) % n,
    ),
    "promote": (
        lambda registration, user: services.promote(registration=registration, user=user),
        ("waiting_since", "id"),
        lambda n: ngettext("%d person promoted.", "%d people promoted.", n) % n,
    ),
    "resend": (
        lambda registration, user: services.resend_link(registration=registration),
        ("family_name", "given_name", "id"),
        lambda n: ngettext("%d email queued.", "%d emails queued.", n) % n,
    ),
}


def apply_each(registrations, step, report_progress=None):
    """Runs ``step`` on each registration through its service, each in its own
    transaction; returns (how many were done, "name: reason" of each refused)."""
    done, refused = 0, []
    for position, registration in enumerate(registrations, start=1):
        try:
            step(registration)
        except services.RegistrationError as error:
            refused.append(f"{registration.full_name}: {error.message}")
        else:
            done += 1
        if report_progress is not None:
            report_progress(position)
    return done, refused


def decide(job, report_progress):
    step, order, summary = DECISIONS[job.params["decision"]]
    user = None
    if job.params["decision"] != "resend":
        user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
        if user is None:
            raise JobError(_("The account that started this job is gone or inactive."))
    if user is not None and not teams.may(user, DECIDE_PERMISSION, job.conference_id):
        raise JobError(_("The account that started this job may no longer decide here."))
    # Only the chosen registrations of the job's own conference, whatever the ids say.
    registrations = list(
        chosen(job, Registration.objects.select_related("conference")).order_by(*order)
    )
    report_progress(0, len(registrations))
    done, refused = apply_each(
        registrations, lambda registration: step(registration, user), report_progress
    )
    return Result(message="\n".join([summary(done), *refused]), count=done)


def add_kinds():
    add_kind(
        JobKind(
            name="registration.export_csv",
            label=_("Registrations export (CSV)"),
            run=export_csv,
            permission=EXPORT_PERMISSION,
            download_guard=step_up_required,
            on_download=_record_download("registrations csv"),
        )
    )
    add_kind(
        JobKind(
            name="registration.export_xlsx",
            label=_("Registrations export (Excel workbook)"),
            run=export_xlsx,
            permission=EXPORT_PERMISSION,
            download_guard=step_up_required,
            on_download=_record_download("registrations xlsx"),
        )
    )
    add_kind(
        JobKind(
            name="registration.decide",
            label=_("Decisions on chosen registrations"),
            run=decide,
            permission=DECIDE_PERMISSION,
            result_for="team",
        )
    )
    add_kind(
        JobKind(
            name="registration.resend",
            label=_("Links mailed again to chosen registrations"),
            run=decide,
            permission="registration.change_registration",
            result_for="team",
        )
    )


EXPORT_KINDS = ["registration.export_csv", "registration.export_xlsx"]

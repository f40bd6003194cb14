"""Admin actions on many chosen rows never do the work in the request: they start one job
per conference of the chosen rows (jobs/services.py ``start``) and say so with a link to
its page, where the progress and the outcome show. Used by the owning apps' admin actions:

    start_for_chosen(self, request, queryset, kind="registration.decide",
                     params={"decision": "approve"}, conference_field="conference")

The chosen rows are the admin's queryset, already limited to the organiser's conferences;
the runner reads them again by id and conference (``chosen``), so a job only ever touches
rows of its own conference. The same selection sent twice (a double click) is the same job
back, and the message says it is already under way."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from jobs import services


def job_page(job):
    return reverse("admin:jobs_job_change", args=[job.pk])


def start_for_chosen(
    modeladmin, request, queryset, *, kind, params=None, conference_field="conference"
):
    """Starts the jobs for the chosen rows, tells the organiser; returns the jobs."""
    by_conference = {}
    for pk, conference_id in queryset.order_by().values_list("pk", conference_field):
        by_conference.setdefault(conference_id, []).append(pk)
    if not by_conference:
        modeladmin.message_user(request, gettext("Nothing was chosen."), messages.WARNING)
        return []
    started = []
    for conference_id, ids in sorted(by_conference.items(), key=lambda item: item[0] or 0):
        job = services.start(
            kind,
            conference=conference_id,
            user=request.user,
            params={**(params or {}), "ids": sorted(ids)},
            total=len(ids),
        )
        started.append(job)
        if job.already_running:
            text = gettext("The same work on these rows of %(conference)s is already under way.")
        else:
            text = ngettext(
                "%(count)d row of %(conference)s goes to the background worker.",
                "%(count)d rows of %(conference)s go to the background worker.",
                len(ids),
            )
        modeladmin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                text % {"count": len(ids), "conference": job.conference},
                job_page(job),
                gettext("Follow the progress."),
            ),
            messages.INFO if job.already_running else messages.SUCCESS,
        )
    return started


def chosen(job, queryset, conference_field="conference"):
    """The rows a job was started for, of its own conference only."""
    return queryset.filter(
        pk__in=job.params.get("ids", []), **{f"{conference_field}_id": job.conference_id}
    )

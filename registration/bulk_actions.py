"""The registration list's actions on many chosen registrations: decisions, links mailed
again, and the exports. Mixed into RegistrationAdmin (registration/admin.py).

Exports always run in a background job (registration/runners.py): their size grows with
the selection. Decisions and mails run in the request for a small selection (at most
DIRECT_BULK registrations, as badges print at once up to documents.services.DIRECT_BADGES):
each is one service call of a bounded number of queries, and the organiser sees the result
at once. A larger selection becomes one job per conference, run by the task worker through
the same services, one registration after the other, with progress on the job page."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jobs import services as jobs
from mfa.decorators import step_up_required
from registration import runners

DIRECT_BULK = 20


def _job_page(job):
    return reverse("admin:jobs_job_change", args=[job.pk])


class BulkActionsMixin:
    def has_decide_permission(self, request):
        return request.user.has_perm("registration.decide_registration")

    def has_export_permission(self, request):
        return request.user.has_perm("registration.export_registration")

    def _bulk(self, request, queryset, decision):
        step, order, summary = runners.DECISIONS[decision]
        chosen = list(queryset.select_related("conference").order_by(*order))
        if len(chosen) <= DIRECT_BULK:
            done, refused = runners.apply_each(
                chosen, lambda registration: step(registration, request.user)
            )
            if done:
                self.message_user(request, summary(done), messages.SUCCESS)
            for line in refused:
                self.message_user(request, line, messages.WARNING)
            return None
        by_conference = {}
        for registration in chosen:
            by_conference.setdefault(registration.conference, []).append(registration.pk)
        kind = "registration.resend" if decision == "resend" else "registration.decide"
        for conference, ids in by_conference.items():
            job = jobs.start(
                kind,
                conference=conference,
                user=request.user,
                params={"decision": decision, "ids": sorted(ids)},
                total=len(ids),
            )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)d registration of %(conference)s goes to the background worker.",
                        "%(count)d registrations of %(conference)s go to the background worker.",
                        len(ids),
                    )
                    % {"count": len(ids), "conference": conference},
                    _job_page(job),
                    gettext("Follow the progress."),
                ),
                messages.SUCCESS,
            )
        return None

    @admin.action(description=_("Approve in-person attendance"), permissions=["decide"])
    def approve_selected(self, request, queryset):
        return self._bulk(request, queryset, "approve")

    @admin.action(description=_("Decline"), permissions=["decide"])
    def decline_selected(self, request, queryset):
        return self._bulk(request, queryset, "decline")

    @admin.action(description=_("Promote from the waiting list"), permissions=["decide"])
    def promote_selected(self, request, queryset):
        return self._bulk(request, queryset, "promote")

    @admin.action(description=_("Resend the confirmation / link email"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        return self._bulk(request, queryset, "resend")

    def _export(self, request, queryset, kind):
        """One job for the chosen rows (of one conference, or of several in one file); the
        organiser downloads the file from its page."""
        ids = sorted(queryset.order_by().values_list("pk", flat=True))
        if not ids:  # chosen rows of another conference are not in this page's queryset
            self.message_user(request, gettext("Nothing to export."), messages.WARNING)
            return None
        conferences = set(queryset.order_by().values_list("conference", flat=True).distinct())
        job = jobs.start(
            kind,
            conference=conferences.pop() if len(conferences) == 1 else None,
            user=request.user,
            params={"ids": ids},
            total=1,
        )
        self.message_user(
            request,
            gettext(
                "The export is being made by the background worker; download it here when ready."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_job_page(job))

    @admin.action(description=_("Export as CSV (opens in Excel)"), permissions=["export"])
    @step_up_required
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "registration.export_csv")

    @admin.action(description=_("Export as Excel workbook (.xlsx)"), permissions=["export"])
    @step_up_required
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "registration.export_xlsx")

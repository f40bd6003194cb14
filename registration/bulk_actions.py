"""The registration list's actions on many chosen registrations: decisions, links mailed
again, and the exports. Mixed into RegistrationAdmin (registration/admin.py).

None of them does its work in the request, whatever the number chosen: each starts a job
(registration/runners.py) run by the task worker through the same services, one
registration after the other, with progress and the refusals on the job page. Decisions
and mails are one job per conference (jobs/admin_actions.py); an export one job for the
chosen rows."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs import services as jobs
from jobs.admin_actions import job_page, start_for_chosen
from mfa.decorators import step_up_required


class BulkActionsMixin:
    def has_decide_permission(self, request):
        return request.user.has_perm("registration.decide_registration")

    def has_export_permission(self, request):
        return request.user.has_perm("registration.export_registration")

    def _bulk(self, request, queryset, decision):
        kind = "registration.resend" if decision == "resend" else "registration.decide"
        start_for_chosen(self, request, queryset, kind=kind, params={"decision": decision})
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
        return HttpResponseRedirect(job_page(job))

    @admin.action(description=_("Export as CSV (opens in Excel)"), permissions=["export"])
    @step_up_required
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "registration.export_csv")

    @admin.action(description=_("Export as Excel workbook (.xlsx)"), permissions=["export"])
    @step_up_required
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "registration.export_xlsx")

"""Visa officers' admin: the requests (passport data read-only, every look and export
logged), a status page per request (with the invitation upload), the settings per
conference and the read-only audit log.

Only users with ``visas.view_passport_data`` (the "Visa officers" group, made by
migration 0002) see requests at all; other staff are refused the list, the pages and the
exports."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs import services as jobs
from jobs.admin_actions import start_for_chosen
from mfa.decorators import step_up_required
from teams.admin import ConferenceScopedAdmin
from teams.services import serves_all_conferences
from visas import runners, services
from visas.forms import StatusForm
from visas.models import VisaAuditEntry, VisaRequest, VisaSettings

PASSPORT_PERMISSION = "visas.view_passport_data"
Action = VisaAuditEntry.Action


@admin.register(VisaSettings)
class VisaSettingsAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["conference", "deadline", "contact_email", "purge_after_days"]
    autocomplete_fields = ["conference"]


@admin.register(VisaRequest)
class VisaRequestAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "surname",
        "given_names",
        "registration_email",
        "citizenship",
        "arrival",
        "departure",
        "status",
        "created_at",
    ]
    list_filter = ["status", "registration__conference"]
    # Encrypted fields cannot be searched in the database; the registration's can.
    search_fields = ["registration__family_name", "registration__given_name", "registration__email"]
    list_select_related = ["registration__conference"]
    readonly_fields = [
        "registration",
        "status",
        *services.PERSONAL_FIELDS,
        "invitation_link",
        "created_at",
        "updated_at",
        "submitted_at",
        "issued_at",
        "sent_at",
        "refused_at",
        "refusal_reason",
        "status_changed_by",
        "purged_at",
    ]
    fields = readonly_fields
    actions = ["mark_submitted", "mark_sent", "export_csv", "export_xlsx"]
    change_form_template = "admin/visas/visarequest/change_form.html"

    @admin.display(description=_("email"), ordering="registration__email")
    def registration_email(self, obj):
        return obj.registration.email

    @admin.display(description=_("official invitation"))
    def invitation_link(self, obj):
        if not obj.invitation:
            return "—"
        url = reverse("admin:visas_visarequest_invitation", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    # --- who may do what ------------------------------------------------------------
    def _may_see(self, request):
        return request.user.is_active and request.user.has_perm(PASSPORT_PERMISSION)

    def has_module_permission(self, request):
        return self._may_see(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # Passport data is the attendee's to change; officers change the status.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_status_permission(self, request):
        return self._may_see(request) and request.user.has_perm("visas.change_visa_status")

    def has_export_permission(self, request):
        return self._may_see(request) and request.user.has_perm("visas.export_visarequest")

    # --- every look is logged, whatever the method -----------------------------------
    # A page that shows passport data is recorded for every method it answers (HEAD too:
    # the page is built all the same); every other method is refused before anything is
    # read. The changelist answers POST (its actions; without one it shows the list again).
    def changelist_view(self, request, extra_context=None):
        if request.method not in (*services.READ_METHODS, "POST"):
            return HttpResponseNotAllowed([*services.READ_METHODS, "POST"])
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) or {}
        changelist = changelist.get("cl")
        if changelist is not None and response.status_code == 200:
            services.record_read(
                request=request, action=Action.LISTED, requests=changelist.result_list
            )
        return response

    @step_up_required
    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing here is changed (has_change_permission): the page is only read.
        if request.method not in services.READ_METHODS:
            return HttpResponseNotAllowed(services.READ_METHODS)
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None and response.status_code == 200:
            obj = context.get("original")
            if obj is not None:
                services.record_read(request=request, action=Action.VIEWED, requests=[obj])
            context["may_change_status"] = self.has_status_permission(request)
        return response

    def history_view(self, request, object_id, extra_context=None):
        # Names and statuses only, no passport data: not recorded, but read-only.
        if request.method not in services.READ_METHODS:
            return HttpResponseNotAllowed(services.READ_METHODS)
        return super().history_view(request, object_id, extra_context)

    # --- pages of their own ---------------------------------------------------------
    def get_urls(self):
        own = [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="visas_visarequest_status",
            ),
            path(
                "<int:pk>/invitation/",
                self.admin_site.admin_view(self.invitation_view),
                name="visas_visarequest_invitation",
            ),
        ]
        return own + super().get_urls()

    def status_view(self, request, pk):
        if request.method not in (*services.READ_METHODS, "POST"):
            return HttpResponseNotAllowed([*services.READ_METHODS, "POST"])
        if not self.has_status_permission(request):
            raise PermissionDenied
        visa_request = get_object_or_404(
            self.get_queryset(request).select_related("registration__conference"), pk=pk
        )
        if request.method == "POST":
            form = StatusForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    self._apply_status(request, visa_request, form.cleaned_data)
                except services.VisaError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(request, _("The status is saved."), messages.SUCCESS)
                    return redirect("admin:visas_visarequest_change", visa_request.pk)
        else:
            form = StatusForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": visa_request,
            "form": form,
            "title": _("Change the status of %(request)s") % {"request": visa_request},
        }
        return TemplateResponse(request, "admin/visas/visarequest/status.html", context)

    def _apply_status(self, request, visa_request, data):
        to = data["status"]
        user = request.user
        if to == VisaRequest.Status.ISSUED:
            services.mark_issued(
                visa_request=visa_request, user=user, invitation=data["invitation"]
            )
        elif to == VisaRequest.Status.REFUSED:
            services.refuse(visa_request=visa_request, user=user, reason=data["reason"])
        else:
            services.STEPS[to](visa_request=visa_request, user=user)

    @step_up_required
    def invitation_view(self, request, pk):
        if request.method not in services.READ_METHODS:
            return HttpResponseNotAllowed(services.READ_METHODS)
        if not self.has_view_permission(request):
            raise PermissionDenied
        visa_request = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, visa_request):
            raise PermissionDenied
        if not visa_request.invitation:
            raise Http404
        services.record_read(
            request=request, action=Action.DOWNLOADED_INVITATION, requests=[visa_request]
        )
        return FileResponse(
            visa_request.invitation.open("rb"),
            as_attachment=True,
            filename=f"invitation-{visa_request.pk}.pdf",
            content_type="application/pdf",
        )

    # --- actions --------------------------------------------------------------------
    # A step on many chosen requests is a job (visas/runners.py), one per conference, run
    # by the task worker through the same services; the refusals show on the job's page.
    @admin.action(description=_("Mark as submitted to the authorities"), permissions=["status"])
    def mark_submitted(self, request, queryset):
        start_for_chosen(
            self,
            request,
            queryset,
            kind=runners.STATUS_JOB,
            params={"step": "submitted"},
            conference_field="registration__conference",
        )

    @admin.action(description=_("Mark the invitation as sent"), permissions=["status"])
    def mark_sent(self, request, queryset):
        start_for_chosen(
            self,
            request,
            queryset,
            kind=runners.STATUS_JOB,
            params={"step": "sent"},
            conference_field="registration__conference",
        )

    # Exports are written by the task worker (visas/runners.py); the officer downloads the
    # file from the job's page, after a fresh second factor, and that download is recorded.
    def _export(self, request, queryset, kind):
        ids = sorted(queryset.order_by().values_list("pk", flat=True))
        if not ids:  # chosen rows of another conference are not in this page's queryset
            self.message_user(request, gettext("Nothing to export."), messages.WARNING)
            return None
        conferences = set(
            queryset.order_by().values_list("registration__conference", flat=True).distinct()
        )
        job = jobs.start(
            kind,
            conference=conferences.pop() if len(conferences) == 1 else None,
            user=request.user,
            params={"ids": ids},
            total=1,
        )
        self.message_user(
            request,
            _("The export is being made by the background worker; download it here when ready."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    @admin.action(description=_("Export as CSV"), permissions=["export"])
    @step_up_required
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "visas.export_csv")

    @admin.action(description=_("Export as XLSX (Excel)"), permissions=["export"])
    @step_up_required
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "visas.export_xlsx")


@admin.register(VisaAuditEntry)
class VisaAuditEntryAdmin(admin.ModelAdmin):
    """The visa log names requests of every conference: only visa officers of all
    conferences (and superusers) see it."""

    list_display = ["at", "username", "action", "request_ids", "detail"]
    list_filter = ["action"]
    search_fields = ["username"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "username", "action", "request_ids", "detail"]

    def has_module_permission(self, request):
        return serves_all_conferences(
            request.user, PASSPORT_PERMISSION
        ) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return serves_all_conferences(
            request.user, PASSPORT_PERMISSION
        ) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

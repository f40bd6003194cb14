"""The job page: what a job is, how far it got, why it stopped, and its result, to those
who may see it (jobs/services.py ``may_see``: the kind's right for the job's conference,
and, for an export, being the one who started it). A job of another conference, or another
organiser's export, is answered as a missing one: its page as the admin answers any missing
object (back to the index), its download with a 404."""

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs import sealing, services
from jobs.models import Job
from jobs.registry import get_kind
from teams.admin import ConferenceScopedAdmin


@admin.register(Job)
class JobAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    # Reloads itself every few seconds until the job is finished (no script needed).
    change_form_template = "admin/jobs/job/change_form.html"
    list_display = [
        "__str__",
        "conference",
        "state",
        "progress",
        "created_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["conference", "created_by"]
    fields = [
        "kind_label",
        "conference",
        "state",
        "progress",
        "message",
        "download",
        "result_link",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The kind's own right decides, per conference (not the model's view right).
        return services.visible_to(request.user).select_related("conference", "created_by")

    def has_module_permission(self, request):
        return services.may_see_any(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return services.may_see_any(request.user)
        return services.may_see(request.user, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        kind = get_kind(obj.kind)
        return kind.label if kind else obj.kind

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if not obj.progress_total:
            return "—"
        return gettext("%(done)d of %(total)d") % {
            "done": obj.progress_done,
            "total": obj.progress_total,
        }

    @admin.display(description=_("result"))
    def download(self, obj):
        if obj.state != Job.State.DONE:
            return (
                gettext("Not ready yet: this page reloads until it is.")
                if not (obj.is_finished)
                else "—"
            )
        if not obj.result_file:
            return "—"
        url = reverse("admin:jobs_job_download", args=[obj.pk])
        # No `download` attribute: the response is an attachment already, and with the
        # attribute a browser saves whatever comes back, the step-up page included, as a file.
        return format_html('<a href="{}">{}</a>', url, obj.filename)

    @admin.display(description=_("result page"))
    def result_link(self, obj):
        if not obj.result_url:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.result_url, gettext("Open"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A job this account may not see is answered as a missing one (the admin's own
        # redirect to the index, as for every conference-scoped page).
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "refresh_seconds": 3}
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="jobs_job_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        """The result file, to those who may see the job, through the kind's guard (a fresh
        second factor for personal data) and recorded by the kind's own record."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not services.may_see_any(request.user):
            raise PermissionDenied
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None or not services.may_see(request.user, job):
            raise Http404(gettext("This job does not exist."))
        kind = get_kind(job.kind)
        if kind is None or job.state != Job.State.DONE or not job.result_file:
            raise Http404(gettext("This job has no file to download."))
        return kind.download_guard(_send)(request, job, kind)


def _send(request, job, kind):
    try:
        content = sealing.read_result(job)
    except sealing.UnreadableResult:
        # A key dropped while the result was kept: say so, as for a missing file.
        raise Http404(gettext("This job's file can no longer be opened.")) from None
    kind.on_download(request, job)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=job.filename,
        content_type=job.result_type or "application/octet-stream",
    )

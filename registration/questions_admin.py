"""The organisers' questions in the admin: written in each language side by side, their
choices inline, archived (never deleted) once someone answered them; and the Excel exports
of registrations (with every answer), made in the background and downloaded here.
Registered in registration/admin.py."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from audit import services as audit
from events.admin_base import ContentAdmin
from registration import exports, services
from registration.models import QuestionOption


class QuestionOptionInline(TranslationTabularInline):
    """The choices of a one-choice or several-choices question. A choice someone chose
    cannot be deleted (the admin says so): archive it instead."""

    model = QuestionOption
    fields = ["label", "order", "archived"]
    extra = 3


class QuestionAdmin(ContentAdmin):
    list_display = [
        "text",
        "conference",
        "kind",
        "asked_of",
        "required",
        "order",
        "archived",
        "answer_count",
    ]
    list_filter = ["conference", "kind", "asked_of", "required", "archived"]
    search_fields = ["text"]
    list_select_related = ["conference"]
    autocomplete_fields = ["conference"]
    inlines = [QuestionOptionInline]
    fields = [
        "conference",
        "text",
        "help_text",
        "kind",
        "required",
        "asked_of",
        "order",
        "archived",
    ]
    actions = ["archive_selected", "restore_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_total=Count("answers"))

    @admin.display(description=_("answers"), ordering="answer_total")
    def answer_count(self, obj):
        return obj.answer_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.answers.exists():
            # The answers given were to this conference and this kind of question.
            fields += ["conference", "kind"]
        return fields

    @admin.action(description=_("Archive: no longer ask, keep the answers"), permissions=["change"])
    def archive_selected(self, request, queryset):
        count = services.archive_questions(questions=queryset, archived=True)
        self.message_user(
            request,
            ngettext("%d question archived.", "%d questions archived.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Ask again (restore from the archive)"), permissions=["change"])
    def restore_selected(self, request, queryset):
        count = services.archive_questions(questions=queryset, archived=False)
        self.message_user(
            request,
            ngettext("%d question restored.", "%d questions restored.", count) % count,
            messages.SUCCESS,
        )


EXPORT_PERMISSION = "registration.export_registration"


class RegistrationExportAdmin(admin.ModelAdmin):
    """Exports are made by the "Export as Excel workbook" action on the registrations;
    here they are listed, with their state, and downloaded. Only those who may export
    registrations see them (the file holds the same personal data)."""

    list_display = ["__str__", "created_by", "state", "row_count", "created_at", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    fields = [
        "state",
        "download",
        "row_count",
        "created_by",
        "created_at",
        "finished_at",
        "failure",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content", "registration_ids")

    def has_module_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(EXPORT_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(EXPORT_PERMISSION)

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.state != obj.State.DONE:
            return (
                _("Not ready yet: reload this page in a moment.")
                if obj.state == (obj.State.WAITING)
                else "—"
            )
        url = reverse("admin:registration_registrationexport_download", args=[obj.pk])
        return format_html('<a href="{}" download>{}</a>', url, obj.filename)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path(
                "<int:export_id>/download/",
                download,
                name="registration_registrationexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, export_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = self.get_queryset(request).defer(None).filter(pk=export_id).first()
        if export is None or export.state != export.State.DONE:
            raise Http404(_("This export does not exist, or is not ready."))
        audit.record(
            action=audit.Action.EXPORT,
            request=request,
            subject=export,
            detail="registrations xlsx",
            count=export.row_count,
        )
        return exports.xlsx_download(export)

"""The call in the admin, scoped by team per conference (teams.admin.ConferenceScopedAdmin):
a call with its tracks and formats side by side in each language, its dates typed and shown
in the conference's zone; and the contributions sent to it, read-only (their state changes
only through contributions/services.py: the author's page now, the review next)."""

import zoneinfo

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from audit import services as audit
from contributions.models import Attachment, Author, Call, Contribution, Format, Track
from events import timezones
from events.admin_base import ContentAdmin, render_in_zone
from events.models import Conference
from mfa.decorators import step_up_required
from teams.admin import ConferenceScopedAdmin

LOCAL_TIME_FIELDS = ("opens_at", "closes_at")


class TrackInline(ConferenceScopedAdmin, TranslationTabularInline):
    model = Track
    extra = 0
    fields = ["name", "order"]


class FormatInline(ConferenceScopedAdmin, TranslationTabularInline):
    model = Format
    extra = 0
    fields = ["kind", "name", "length_minutes", "order"]


@admin.register(Call)
class CallAdmin(ConferenceScopedAdmin, ContentAdmin):
    list_display = ["conference", "opens_at", "closes_at", "anonymous_review", "contribution_count"]
    list_select_related = ["conference"]
    search_fields = ["conference__title", "conference__slug"]
    autocomplete_fields = ["conference"]
    inlines = [TrackInline, FormatInline]
    fieldsets = [
        (None, {"fields": ["conference", "opens_at", "closes_at", "intro"]}),
        (
            _("Limits"),
            {
                "fields": [
                    "abstract_word_limit",
                    "max_coauthors",
                    "max_contributions_per_author",
                    "anonymous_review",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contributions_total=Count("contributions"))

    @admin.display(description=_("contributions"), ordering="contributions_total")
    def contribution_count(self, call):
        return call.contributions_total

    # The call's moments are typed and shown in the conference's zone, as the conference's
    # own (events/admin.py): the conference posted with the form, else the stored one.
    def _form_zone(self, request, object_id):
        conference_id = None
        if request.method == "POST":
            conference_id = request.POST.get("conference")
        if not conference_id and object_id is not None and unquote(object_id).isdigit():
            conference_id = (
                Call.objects.filter(pk=unquote(object_id))
                .values_list("conference_id", flat=True)
                .first()
            )
        stored = None
        if conference_id and str(conference_id).isdigit():
            stored = (
                Conference.objects.filter(pk=conference_id)
                .values_list("time_zone", flat=True)
                .first()
            )
        return timezones.get_zone(stored) or zoneinfo.ZoneInfo("UTC")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self._form_zone(request, object_id)
        request.call_form_zone = zone
        parent_view = super().changeform_view
        return render_in_zone(
            zone, lambda: parent_view(request, object_id, form_url, extra_context)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = getattr(request, "call_form_zone", None)
        if zone is not None:
            for name in LOCAL_TIME_FIELDS:
                if name in form.base_fields:
                    form.base_fields[name].help_text = _(
                        "In %(zone)s, the conference’s time zone."
                    ) % {"zone": zone.key}
        return form


class AuthorInline(ConferenceScopedAdmin, admin.TabularInline):
    model = Author
    extra = 0
    can_delete = False
    fields = ["order", "name", "institution", "country", "email", "is_speaker", "is_submitter"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(ConferenceScopedAdmin, admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    # The stored file's name is not shown: no path to a private file on an admin page.
    fields = ["download", "original_name", "size", "pages", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("admin:contributions_contribution_pdf", args=[attachment.contribution_id])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConferenceFilter(admin.SimpleListFilter):
    """The conference of the call, among those in this page's scope."""

    title = _("conference")
    parameter_name = "conference"

    def lookups(self, request, model_admin):
        conferences = model_admin.scoped_conferences(request).filter(call__isnull=False)
        return [(str(pk), title) for pk, title in conferences.values_list("pk", "title")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(call__conference_id=self.value())
        return queryset


@admin.register(Contribution)
class ContributionAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "conference",
        "track",
        "format",
        "original_language",
        "status",
        "email_confirmed",
        "submitted_at",
    ]
    list_filter = [ConferenceFilter, "status", "original_language", "track", "format"]
    list_select_related = ["call__conference", "track", "format"]
    search_fields = [
        "title_en",
        "title_ru",
        "title_zh_hans",
        "submitter_email",
        "authors__name",
        "authors__institution",
    ]
    date_hierarchy = "created_at"
    fields = [
        "call",
        "track",
        "format",
        "status",
        "original_language",
        "title_en",
        "abstract_en",
        "title_ru",
        "abstract_ru",
        "title_zh_hans",
        "abstract_zh_hans",
        "submitter_email",
        "language",
        "email_confirmed",
        "created_at",
        "updated_at",
        "submitted_at",
        "withdrawn_at",
    ]
    readonly_fields = fields
    inlines = [AuthorInline, AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("conference"), ordering="call__conference__title")
    def conference(self, contribution):
        return contribution.call.conference

    def get_urls(self):
        own = [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="contributions_contribution_pdf",
            ),
        ]
        return own + super().get_urls()

    @step_up_required
    def pdf_view(self, request, pk):
        """The contribution's PDF (already re-written without metadata), for those who may
        view attachments of this conference; each download is recorded."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not request.user.has_perm("contributions.view_attachment"):
            raise PermissionDenied
        contribution = get_object_or_404(self.get_queryset(request), pk=pk)
        attachment = Attachment.objects.filter(contribution=contribution).first()
        if attachment is None:
            raise Http404
        audit.record(
            action=audit.Action.ADMIN_VIEW,
            request=request,
            subject=contribution,
            detail="PDF downloaded",
        )
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=f"contribution-{contribution.pk}.pdf",
            content_type="application/pdf",
        )

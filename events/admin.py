"""The organisers' workplace for conference content."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from events import (
    programme_admin,  # noqa: F401 - registers the programme admin
    services,
)
from events.admin_base import ContentAdmin, https_formfield
from events.models import (
    Anniversary,
    Conference,
    ConferenceOrganisation,
    DateChange,
    Enquiry,
    Goal,
    Organisation,
    Topic,
)


class ConferenceAdminForm(forms.ModelForm):
    date_change_reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason for a date change"),
        help_text=_(
            "Only when you change the start or end: the old dates go into the date history "
            "with this reason, and calendar entries people imported update themselves."
        ),
    )

    class Meta:
        model = Conference
        formfield_callback = https_formfield
        fields = "__all__"  # noqa: DJ007 - the admin fieldsets choose what is shown


class ConferenceOrganisationInline(admin.TabularInline):
    model = ConferenceOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "order"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["text", "order"]


class AnniversaryInline(admin.TabularInline):
    model = Anniversary
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "years", "order"]


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ["title", "order"]


class DateChangeInline(admin.StackedInline):
    model = DateChange
    extra = 0
    fields = [
        ("previous_starts_at", "previous_ends_at"),
        "previous_label",
        "announced_on",
        "reason",
        "recorded_at",
    ]
    verbose_name = _("date change")
    verbose_name_plural = _("date history")


@admin.register(Conference)
class ConferenceAdmin(ContentAdmin):
    form = ConferenceAdminForm
    list_display = ["title", "starts_at", "ends_at", "status", "attendance_mode", "time_zone"]
    list_filter = ["status", "attendance_mode", "starts_at"]
    search_fields = ["title", "slug", "summary", "venue_city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    readonly_fields = ["calendar_uid", "calendar_sequence", "created_at", "updated_at"]
    inlines = [
        ConferenceOrganisationInline,
        AnniversaryInline,
        GoalInline,
        TopicInline,
        DateChangeInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Status"), {"fields": ["status", "status_note"]}),
        (
            _("Dates"),
            {"fields": ["time_zone", "starts_at", "ends_at", "date_change_reason"]},
        ),
        (
            _("Venue and attendance"),
            {
                "fields": [
                    "attendance_mode",
                    "venue_name",
                    "venue_street",
                    "venue_postal_code",
                    "venue_city",
                    "venue_country",
                    "online_url",
                ]
            },
        ),
        (
            _("Participation"),
            {
                "fields": [
                    "working_language",
                    "language_code",
                    "in_person_eligibility",
                    "online_eligibility",
                    "contact_email",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "in_person_capacity",
                    "online_capacity",
                ]
            },
        ),
        (
            _("Calendar"),
            {
                "classes": ["collapse"],
                "fields": ["calendar_uid", "calendar_sequence", "created_at", "updated_at"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        change_record = services.save_conference(
            conference=obj, reason=form.cleaned_data.get("date_change_reason", "")
        )
        if change_record:
            messages.info(
                request,
                _(
                    "The dates changed: the old dates are in the date history and the calendar "
                    "entry is now at version %(sequence)s."
                )
                % {"sequence": obj.calendar_sequence},
            )


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ["name", "acronym", "kind", "country", "website", "conference_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conference_count=Count("conference_roles"))

    @admin.display(description=_("conferences"), ordering="conference_count")
    def conference_count(self, organisation):
        return organisation.conference_count


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "conference", "created_at", "handled"]
    list_filter = ["handled", "conference", "created_at"]
    search_fields = ["name", "email", "organisation", "message"]
    list_select_related = ["conference"]
    readonly_fields = [
        "conference",
        "name",
        "email",
        "organisation",
        "message",
        "consent",
        "created_at",
    ]
    actions = ["mark_handled"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark selected enquiries as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        updated = queryset.update(handled=True)
        self.message_user(request, _("%(count)d marked as handled.") % {"count": updated})

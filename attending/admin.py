"""Tickets and check-ins for organisers: read only, since a ticket is made by the site and an
arrival is recorded at the desk (attending/services.py), never typed in here.

Online sessions: their join options per region and slides are edited here (a proxy of
events.Session, so events knows nothing of them); who joined which session is read only,
recorded by the personal join redirect (attending/joins.py); join links are revoked here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from attending import runners
from attending.models import (
    CheckIn,
    JoinOption,
    JoinPass,
    OnlineSession,
    SessionJoin,
    SessionMaterial,
    Ticket,
)
from events import programme, timezones
from events.regions import Region
from jobs.admin_actions import start_for_chosen
from registration.masking import mask_email
from teams.admin import ConferenceScopedAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttendeeByName:
    """The person of a row by name only: the desk and the online team see no address, and
    find people by name or code, never by address (docs/audit.md). A registration
    as such ("Name <address>") is never a column, field or search of these pages."""

    attendee_path = "registration"

    def _registration(self, obj):
        for part in self.attendee_path.split("__"):
            obj = getattr(obj, part)
        return obj

    @admin.display(description=_("attendee"))
    def attendee(self, obj):
        return self._registration(obj).full_name

    @admin.display(description=_("email"))
    def attendee_email(self, obj):
        return mask_email(self._registration(obj).email)


class CheckInInline(ConferenceScopedAdmin, admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ["day", "at", "desk", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ConferenceScopedAdmin, AttendeeByName, ReadOnlyAdmin):
    list_display = ["display_code", "attendee", "attendee_email", "created_at"]
    list_select_related = ["registration"]
    list_filter = ["registration__conference"]
    search_fields = ["code", "registration__given_name", "registration__family_name"]
    fields = ["attendee", "attendee_email", "display_code", "created_at"]
    readonly_fields = fields
    inlines = [CheckInInline]


@admin.register(CheckIn)
class CheckInAdmin(ConferenceScopedAdmin, AttendeeByName, ReadOnlyAdmin):
    attendee_path = "ticket__registration"
    list_display = ["ticket", "attendee", "day", "at", "desk", "by"]
    list_select_related = ["ticket__registration", "by"]
    list_filter = ["conference", "day", "desk"]
    search_fields = [
        "ticket__code",
        "ticket__registration__given_name",
        "ticket__registration__family_name",
        "desk",
    ]
    date_hierarchy = "day"
    fields = ["ticket", "attendee", "conference", "day", "at", "desk", "by"]
    readonly_fields = fields


# --- Online sessions --------------------------------------------------------------------

SLIDES_MAX_BYTES = 50 * 1024 * 1024


class JoinOptionInline(ConferenceScopedAdmin, admin.TabularInline):
    model = JoinOption
    extra = 1
    fields = [
        "platform",
        "label",
        "url",
        "access_note",
        "for_china",
        "for_europe",
        "for_russia",
        "for_other",
        "order",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def https_by_default(field, **kwargs):
    """A web address typed without a scheme means https (as in the events admin)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SessionMaterialForm(forms.ModelForm):
    class Meta:
        model = SessionMaterial
        fields = ["slides_url", "slides_file"]
        formfield_callback = https_by_default

    def clean_slides_file(self):
        """A PDF by its first bytes, not only its name, and not larger than 50 MB."""
        upload = self.cleaned_data.get("slides_file")
        if not upload or upload is self.initial.get("slides_file"):
            return upload
        if upload.size > SLIDES_MAX_BYTES:
            raise ValidationError(_("The slides must be a PDF of at most 50 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("This file is not a PDF. Please upload the slides as a PDF."))
        return upload


class SessionMaterialInline(ConferenceScopedAdmin, admin.StackedInline):
    model = SessionMaterial
    form = SessionMaterialForm
    extra = 0
    max_num = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(OnlineSession)
class OnlineSessionAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """Join options, recording and slides of a session. Sessions themselves are made and
    changed in the programme (events › Sessions)."""

    list_display = [
        "title",
        "local_start",
        "format",
        "status",
        "conference",
        "option_count",
        "regions_without_option",
        "has_recording",
        "has_slides",
    ]
    list_filter = ["conference", "format", "status"]
    search_fields = ["title"]
    list_select_related = ["conference", "material"]
    ordering = ["starts_at", "title"]
    fields = [
        "title",
        "conference",
        "local_start",
        "local_end",
        "format",
        "status",
        "recording_url",
    ]
    readonly_fields = ["title", "conference", "local_start", "local_end", "format", "status"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [JoinOptionInline, SessionMaterialInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(option_count=Count("join_options"))
            .prefetch_related("join_options")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("starts (conference time)"), ordering="starts_at")
    def local_start(self, session):
        return timezones.time_with_offset(session.starts_at, session.conference.zone) + (
            f" {session.starts_at.astimezone(session.conference.zone):%a %d %b}"
        )

    @admin.display(description=_("ends (conference time)"))
    def local_end(self, session):
        return timezones.time_with_offset(session.ends_at, session.conference.zone)

    @admin.display(description=_("join options"), ordering="option_count")
    def option_count(self, session):
        return session.option_count

    @admin.display(description=_("regions without a join option"))
    def regions_without_option(self, session):
        """Where participants would find no option meant for them (they still see all)."""
        if session.format == session.Format.IN_PERSON:
            return "-"
        options = session.join_options.all()
        missing = [region.label for region in Region if not any(o.is_for(region) for o in options)]
        return ", ".join(str(label) for label in missing) or _("none")

    @admin.display(description=_("recording"), boolean=True)
    def has_recording(self, session):
        return bool(session.recording_url)

    @admin.display(description=_("slides"), boolean=True)
    def has_slides(self, session):
        material = getattr(session, "material", None)
        return bool(material and (material.slides_url or material.slides_file))

    def save_model(self, request, obj, form, change):
        programme.save_session(session=obj)


@admin.register(SessionJoin)
class SessionJoinAdmin(ConferenceScopedAdmin, AttendeeByName, ReadOnlyAdmin):
    """The attendance record of online sessions: each use of a personal join link."""

    list_display = ["at", "attendee", "session", "platform", "attendance_mode"]
    list_select_related = ["registration__conference", "session", "option"]
    list_filter = [
        "session__conference",
        "session",
        "option__platform",
        "registration__attendance_mode",
    ]
    search_fields = ["registration__given_name", "registration__family_name", "session__title"]
    date_hierarchy = "at"
    fields = ["attendee", "session", "option", "at"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("platform"))
    def platform(self, obj):
        return obj.option.title if obj.option else "-"

    @admin.display(description=_("attendance mode"))
    def attendance_mode(self, obj):
        return obj.registration.get_attendance_mode_display()


class JoinPassStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("revoked", _("revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(JoinPass)
class JoinPassAdmin(ConferenceScopedAdmin, AttendeeByName, ReadOnlyAdmin):
    """Personal join links: issued by the site, revoked (and reissued) here. The token
    itself is never shown to organisers."""

    list_display = ["attendee", "created_at", "revoked_at", "revoked_by"]
    list_select_related = ["registration", "revoked_by"]
    list_filter = [JoinPassStateFilter, "registration__conference"]
    search_fields = ["registration__given_name", "registration__family_name"]
    fields = ["attendee", "created_at", "revoked_at", "revoked_by"]
    readonly_fields = fields
    actions = ["revoke_and_reissue"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("attending.revoke_joinpass")

    @admin.action(
        description=_("Revoke selected join links (a new one is issued at once)"),
        permissions=["revoke"],
    )
    def revoke_and_reissue(self, request, queryset):
        """A job (attending/runners.py), one per conference, whatever the number chosen."""
        start_for_chosen(
            self,
            request,
            queryset.active(),
            kind=runners.REVOKE_JOB,
            conference_field="registration__conference",
        )

"""The organisers' workplace for conference content."""

import zoneinfo

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from events import (
    services,
    timezones,
    translation,
)
from events.admin_base import ContentAdmin, render_in_zone
from events.admin_forms import CloneEditionForm, ConferenceAdminForm
from events.models import (
    Anniversary,
    Conference,
    ConferenceOrganisation,
    DateChange,
    Enquiry,
    Goal,
    Organisation,
    Room,
    Session,
    Speaker,
    Topic,
)
from events.programme_admin import RoomAdmin, SessionAdmin, SpeakerAdmin
from teams.admin import ConferenceScopedAdmin
from teams.services import serves_all_conferences


class ConferenceOrganisationInline(ConferenceScopedAdmin, admin.TabularInline):
    model = ConferenceOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "order"]


class GoalInline(ConferenceScopedAdmin, TranslationTabularInline):
    model = Goal
    extra = 0
    fields = ["text", "order"]


class AnniversaryInline(ConferenceScopedAdmin, admin.TabularInline):
    model = Anniversary
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "years", "order"]


class TopicInline(ConferenceScopedAdmin, TranslationTabularInline):
    model = Topic
    extra = 0
    fields = ["title", "order"]


class DateChangeInline(ConferenceScopedAdmin, TranslationStackedInline):
    model = DateChange
    extra = 0
    fields = [
        ("previous_starts_at", "previous_ends_at"),
        "previous_month",
        "announced_on",
        "reason",
        "recorded_at",
    ]
    verbose_name = _("date change")
    verbose_name_plural = _("date history")


# The conference's moments, typed and shown in its own time zone.
LOCAL_TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


@admin.register(Conference)
class ConferenceAdmin(ConferenceScopedAdmin, ContentAdmin):
    form = ConferenceAdminForm
    list_display = ["title", "local_start", "local_end", "status", "attendance_mode", "time_zone"]
    list_filter = ["status", "attendance_mode", "starts_at", "translations_to_review"]
    search_fields = ["title", "slug", "summary", "venue_city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    readonly_fields = [
        "translation_report",
        "calendar_uid",
        "calendar_sequence",
        "created_at",
        "updated_at",
    ]
    actions = ["clone_as_next_edition", "mark_translations_reviewed"]
    inlines = [
        ConferenceOrganisationInline,
        AnniversaryInline,
        GoalInline,
        TopicInline,
        DateChangeInline,
    ]

    def has_add_permission(self, request):
        # A new conference is outside every team that lists its conferences.
        return super().has_add_permission(request) and serves_all_conferences(
            request.user, "events.add_conference"
        )

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
            _("Mail"),
            {
                "description": _(
                    "How the conference's mail presents itself; empty fields fall back to the "
                    "site's defaults."
                ),
                "fields": [
                    "short_name",
                    "mail_sender_name",
                    "mail_sender_address",
                    "mail_reply_to",
                    "mail_signature",
                ],
            },
        ),
        (
            _("Personal data"),
            {
                "description": _(
                    "The operator the consent texts name; empty: the site's operator."
                ),
                "fields": ["data_controller", "data_controller_address"],
            },
        ),
        (_("Audience"), {"fields": ["audience_time_zones"]}),
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
            _("Translations"),
            {
                "description": _(
                    "An empty translation shows the English text, marked as English for "
                    "screen readers."
                ),
                "fields": ["translations_to_review", "translation_report"],
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

    # Organisers think in the venue's time: the form reads and shows the conference's
    # moments in its own zone, the one posted with the form when it names a known zone (a
    # conference being added, or a zone changed in the same save: 09:00 typed beside
    # Europe/Paris is 09:00 in Paris), else the stored one, else the model's default.
    def _form_zone(self, request, object_id):
        if request.method == "POST":
            posted = timezones.get_zone(request.POST.get("time_zone"))
            if posted:
                return posted
        stored = None
        if object_id is not None and unquote(object_id).isdigit():
            conferences = Conference.objects.filter(pk=unquote(object_id))
            stored = conferences.values_list("time_zone", flat=True).first()
        default = Conference._meta.get_field("time_zone").get_default()
        return timezones.get_zone(stored) or timezones.get_zone(default) or zoneinfo.ZoneInfo("UTC")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self._form_zone(request, object_id)
        request.conference_form_zone = zone
        parent_view = super().changeform_view
        return render_in_zone(
            zone, lambda: parent_view(request, object_id, form_url, extra_context)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = getattr(request, "conference_form_zone", None)
        if zone is not None:
            for name in LOCAL_TIME_FIELDS:
                if name in form.base_fields:
                    form.base_fields[name].help_text = _(
                        "In %(zone)s, the conference’s time zone (a zone changed above reads "
                        "these times in the new zone)."
                    ) % {"zone": zone.key}
        return form

    @admin.display(description=_("starts (conference time)"), ordering="starts_at")
    def local_start(self, conference):
        return _local_moment(conference.starts_at, conference)

    @admin.display(description=_("ends (conference time)"), ordering="ends_at")
    def local_end(self, conference):
        return _local_moment(conference.ends_at, conference)

    @admin.action(
        description=_(
            "Clone as next edition (asks for its dates; programme as provisional, "
            "registration open, nothing personal copied)"
        ),
        permissions=["add"],
    )
    def clone_as_next_edition(self, request, queryset):
        """Asks for the new edition's start and end (in the conference's zone, a whole
        number of years on by default), then clones through the service."""
        conferences = list(queryset[:2])
        if len(conferences) != 1:
            self.message_user(
                request, _("Choose one conference to clone at a time."), messages.WARNING
            )
            return None
        conference = conferences[0]
        zone = conference.zone
        if request.POST.get("post") == "yes":
            form = CloneEditionForm(request.POST, conference=conference)
        else:
            plan = services.plan_next_edition(conference=conference)
            form = CloneEditionForm(
                conference=conference,
                initial={
                    "starts_at": plan.new_start.replace(tzinfo=None),
                    "ends_at": plan.new_end.replace(tzinfo=None),
                },
            )
        if form.is_bound and form.is_valid():
            edition = form.edition
            local_start = edition.starts_at.astimezone(zone)
            self.message_user(
                request,
                format_html(
                    _(
                        '“{source}” cloned as <a href="{url}">{title}</a>, starting {start}: '
                        "check its registration window, provisional programme and texts."
                    ),
                    source=conference.title,
                    url=reverse("admin:events_conference_change", args=[edition.pk]),
                    title=edition.title,
                    start=f"{local_start:%a %d %b %Y %H:%M} ({edition.time_zone})",
                ),
                messages.SUCCESS,
            )
            if edition.carried_texts:
                self.message_user(
                    request,
                    _("Dates and years were moved in: %(fields)s.")
                    % {"fields": ", ".join(edition.carried_texts)},
                    messages.INFO,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Clone “%(title)s” as its next edition") % {"title": conference.title},
            "opts": self.model._meta,
            "conference": conference,
            "form": form,
            "zone": zone.key,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/events/conference/clone.html", context)

    @admin.display(description=_("missing translations of this conference and its programme"))
    def translation_report(self, conference):
        if conference.pk is None:
            return "-"
        report = translation.missing_report(conference)
        return format_html_join(
            "",
            "<h4>{}</h4>{}",
            (
                (
                    name,
                    format_html(
                        "<ul>{}</ul>",
                        format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
                    )
                    if lines
                    else _("Nothing missing."),
                )
                for name, lines in report
            ),
        )

    @admin.action(
        description=_("Mark the translations of the selected conferences as reviewed"),
        permissions=["change"],
    )
    def mark_translations_reviewed(self, request, queryset):
        count = 0
        for conference in queryset.filter(translations_to_review=True):
            translation.mark_reviewed(conference=conference)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Translations of %(count)d conference marked as reviewed.",
                "Translations of %(count)d conferences marked as reviewed.",
                count,
            )
            % {"count": count},
        )

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


def _local_moment(moment, conference):
    """'Mon 16 May 2022 19:00 UTC+7': a moment as the conference's venue sees it."""
    zone = timezones.get_zone(conference.time_zone) or zoneinfo.ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%a %d %b %Y} {timezones.time_with_offset(local)}"


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
class EnquiryAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
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


admin.site.register(Room, RoomAdmin)
admin.site.register(Speaker, SpeakerAdmin)
admin.site.register(Session, SessionAdmin)

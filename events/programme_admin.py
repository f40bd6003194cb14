"""The organisers' workplace for the programme: sessions, speakers and rooms.

Session times are entered and shown in the conference's own time zone, and a session placed
outside 08:00-22:00 where the conference's audience lives (its audience time zones) gets a
warning when it is saved.
"""

import zoneinfo

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import programme, timezones
from events.admin_base import ContentAdmin, render_in_zone
from events.models import Conference
from teams.admin import ConferenceScopedAdmin


def _zone_or_utc(name):
    return timezones.get_zone(name) or zoneinfo.ZoneInfo("UTC")


class RoomAdmin(ConferenceScopedAdmin, ContentAdmin):
    list_display = ["name", "conference", "capacity"]
    list_filter = ["conference"]
    search_fields = ["name", "conference__title"]
    list_select_related = ["conference"]
    autocomplete_fields = ["conference"]

    def save_model(self, request, obj, form, change):
        programme.save_room(room=obj)

    def delete_model(self, request, obj):
        programme.delete_rooms(rooms=[obj])

    def delete_queryset(self, request, queryset):
        programme.delete_rooms(rooms=list(queryset))


class SpeakerAdmin(ContentAdmin):
    list_display = ["name", "affiliation", "position", "session_count"]
    search_fields = ["name", "affiliation", "position"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, speaker):
        return speaker.session_count


class SessionAdmin(ConferenceScopedAdmin, ContentAdmin):
    list_display = [
        "title",
        "local_start",
        "kind",
        "format",
        "status",
        "room",
        "conference",
        "is_provisional",
        "regional_hours",
    ]
    list_filter = ["conference", "status", "kind", "format", "is_provisional"]
    search_fields = ["title", "description", "speakers__name", "topic__title"]
    list_select_related = ["conference", "room", "topic"]
    autocomplete_fields = ["conference", "speakers"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["starts_at", "title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["calendar_uid", "calendar_sequence", "created_at", "updated_at"]
    actions = ["cancel_sessions", "confirm_sessions"]
    fieldsets = [
        (None, {"fields": ["conference", "title", "slug", "description"]}),
        (
            _("When and where"),
            {
                "description": _(
                    "Times are in the conference's own time zone. You get a warning when a "
                    "session falls outside 08:00-22:00 where the conference's audience lives."
                ),  # get_fieldsets() names the zone
                "fields": ["starts_at", "ends_at", "room", "status"],
            },
        ),
        (_("Content"), {"fields": ["kind", "format", "topic", "speakers", "is_provisional"]}),
        (
            _("Links for confirmed attendees"),
            {
                "description": _(
                    "Shown only on attendees' manage pages and personal feeds. How to join "
                    "online: the session's join options, under Attending, Online sessions."
                ),
                "fields": ["recording_url"],
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

    # Organisers think in the venue's time: the form shows and reads times in the zone of
    # the session's conference (the one being chosen, else the session's, else the featured
    # conference), and offers only that conference's rooms and topics.
    def _form_conference(self, request, object_id):
        chosen = request.POST.get("conference") or request.GET.get("conference")
        conferences = Conference.objects.only("pk", "time_zone")
        if chosen and str(chosen).isdigit():
            conference = conferences.filter(pk=chosen).first()
            if conference:
                return conference
        if object_id and str(object_id).isdigit():
            conference = conferences.filter(sessions__pk=object_id).first()
            if conference:
                return conference
        return Conference.objects.featured()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        conference = self._form_conference(request, object_id)
        request.session_form_conference = conference
        zone = _zone_or_utc(conference.time_zone if conference else None)
        request.session_form_zone = zone
        parent_view = super().changeform_view
        return render_in_zone(
            zone, lambda: parent_view(request, object_id, form_url, extra_context)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        conference = getattr(request, "session_form_conference", None)
        if db_field.name in ("room", "topic") and conference is not None:
            kwargs["queryset"] = db_field.related_model.objects.filter(conference=conference)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        zone = getattr(request, "session_form_zone", None)
        if zone is None:
            return fieldsets
        when = dict(fieldsets[1][1])
        when["description"] = _(
            "Times are in %(zone)s, the conference's own time zone. You get a warning when a "
            "session falls outside 08:00-22:00 where the conference's audience lives."
        ) % {"zone": zone.key}
        return [fieldsets[0], (fieldsets[1][0], when), *fieldsets[2:]]

    @admin.display(description=_("starts (conference time)"), ordering="starts_at")
    def local_start(self, session):
        return timezones.time_with_offset(session.starts_at, session.conference.zone) + (
            f" {session.starts_at.astimezone(session.conference.zone):%a %d %b}"
        )

    @admin.display(description=_("08:00-22:00 where the audience lives"))
    def regional_hours(self, session):
        regions = timezones.unsuitable_regions(
            session.starts_at, session.ends_at, session.conference
        )
        if not regions:
            return _("suits all")
        return _("outside in %(regions)s") % {"regions": ", ".join(regions)}

    def save_model(self, request, obj, form, change):
        result = programme.save_session(session=obj)
        if result.calendar_changed:
            messages.info(
                request,
                _(
                    "“%(title)s” changed: subscribed calendars will update it (calendar "
                    "version %(sequence)s). To tell confirmed attendees by email, add an "
                    "attendee mailing about it (Registration › Attendee mailings)."
                )
                % {"title": obj.title, "sequence": obj.calendar_sequence},
            )
        warn_about_hours(request, obj)

    def delete_model(self, request, obj):
        programme.delete_sessions(sessions=[obj])

    def delete_queryset(self, request, queryset):
        programme.delete_sessions(sessions=list(queryset))

    @admin.action(
        description=_("Cancel selected sessions (kept in feeds as cancelled)"),
        permissions=["change"],
    )
    def cancel_sessions(self, request, queryset):
        count = 0
        for session in queryset.select_related("conference"):
            if programme.cancel_session(session=session).cancelled:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d session cancelled.", "%(count)d sessions cancelled.", count)
            % {"count": count},
        )

    @admin.action(
        description=_("Confirm selected sessions (remove the provisional label)"),
        permissions=["change"],
    )
    def confirm_sessions(self, request, queryset):
        count = 0
        for session in queryset.filter(is_provisional=True).select_related("conference"):
            if programme.confirm_session(session=session).confirmed:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d session confirmed.", "%(count)d sessions confirmed.", count)
            % {"count": count},
        )


def warn_about_hours(request, session):
    """The admin warning for a session outside 08:00-22:00 local time in a region."""
    spans = [
        span
        for span in timezones.regional_spans(session.starts_at, session.ends_at, session.conference)
        if not span.suits
    ]
    if not spans:
        return
    details = "; ".join(
        f"{span.region} {span.starts_at:%H:%M}-{span.ends_at:%H:%M} "
        f"{timezones.utc_offset_label(span.starts_at)}"
        for span in spans
    )
    messages.warning(
        request,
        _(
            "“%(title)s” is outside 08:00-22:00 local time for participants in: %(details)s. "
            "The conference promises real-time participation where its audience lives."
        )
        % {"title": session.title, "details": details},
    )

"""Admin actions that email confirmed attendees when sessions or the conference change.

They are added to the events app's Session and Conference admins from here, because only the
registration app knows who attends (the dependency runs registration -> events).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import ConferenceAdmin
from events.programme_admin import SessionAdmin
from registration import notifications


def _report(modeladmin, request, count):
    modeladmin.message_user(
        request,
        ngettext(
            "Queued an email with the updated calendar to %(count)d confirmed attendee.",
            "Queued an email with the updated calendar to %(count)d confirmed attendees.",
            count,
        )
        % {"count": count},
    )


@admin.action(
    description=_("Email confirmed attendees about the selected sessions (moved or cancelled)")
)
def notify_attendees_of_session_changes(modeladmin, request, queryset):
    by_conference = {}
    for session in queryset.select_related("conference").order_by("starts_at"):
        by_conference.setdefault(session.conference, []).append(session)
    count = sum(
        notifications.notify_session_changes(conference=conference, sessions=sessions)
        for conference, sessions in by_conference.items()
    )
    _report(modeladmin, request, count)


@admin.action(
    description=_("Email confirmed attendees about a change of dates or status of the conference")
)
def notify_attendees_of_conference_change(modeladmin, request, queryset):
    count = sum(
        notifications.notify_conference_change(conference=conference) for conference in queryset
    )
    _report(modeladmin, request, count)


def attach_actions():
    for admin_class, action in [
        (SessionAdmin, notify_attendees_of_session_changes),
        (ConferenceAdmin, notify_attendees_of_conference_change),
    ]:
        if action not in admin_class.actions:
            admin_class.actions = [*admin_class.actions, action]


attach_actions()

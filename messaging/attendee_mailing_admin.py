"""Organisers email every confirmed attendee of a conference about its dates or status, or
about chosen sessions, from the Registration section of the admin.

Adding a mailing takes two steps: the form (conference, what it is about, sessions, note),
then a confirmation page with the number of recipients and the mail the first of them gets.
Confirming records the mailing (messaging.attendee_mailings.start_mailing); a background
task queues the mails and the mailing's page shows the progress. Only users with the
"Can email confirmed attendees" permission (registration managers, superusers) may do it.
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Conference, Session
from messaging import attendee_mailings
from messaging.models import AttendeeMailing
from registration import links, notifications
from teams.admin import ConferenceScopedAdmin
from teams.services import conferences_for

SEND_PERMISSION = "messaging.send_attendeemailing"


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        starts = timezone.localtime(obj.starts_at, obj.conference.zone)
        return f"{obj.conference.title}: {obj.title} ({starts:%d %b %Y %H:%M})"


class AttendeeMailingForm(forms.Form):
    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.order_by("-starts_at")
    )
    about = forms.ChoiceField(
        label=_("The mail is about"),
        choices=AttendeeMailing.About.choices,
        widget=forms.RadioSelect,
    )
    sessions = SessionChoiceField(
        label=_("Sessions"),
        queryset=Session.objects.select_related("conference").order_by(
            "conference__starts_at", "starts_at", "title"
        ),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("For a mail about sessions: the ones that moved or were cancelled."),
    )
    note = forms.CharField(
        label=_("Note from the organisers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("Optional; added to every mail as it is typed here."),
    )

    def __init__(self, *args, conferences=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conferences is not None:  # the sender's conferences (teams.services)
            self.fields["conference"].queryset = conferences.order_by("-starts_at")
            self.fields["sessions"].queryset = self.fields["sessions"].queryset.filter(
                conference__in=conferences
            )

    def clean(self):
        cleaned = super().clean()
        conference = cleaned.get("conference")
        sessions = list(cleaned.get("sessions") or [])
        if cleaned.get("about") != AttendeeMailing.About.SESSIONS:
            cleaned["sessions"] = []
        elif not sessions:
            self.add_error("sessions", gettext("Choose the sessions the mail is about."))
        elif conference and any(s.conference_id != conference.pk for s in sessions):
            message = gettext("Choose only sessions of %(conference)s.")
            self.add_error("sessions", message % {"conference": conference})
        return cleaned


class ConfirmMailingForm(AttendeeMailingForm):
    """The confirmation page posts the same choices back, with the key that makes posting it
    twice one mailing."""

    key = forms.UUIDField(widget=forms.HiddenInput)


class AttendeeMailingAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "state", "progress", "created_by", "created_at"]
    list_filter = ["message__state", "about", "conference"]
    list_select_related = ["conference", "created_by", "message"]
    search_fields = ["conference__title", "note"]
    fields = [
        "conference",
        "about",
        "session_list",
        "note",
        "state",
        "progress",
        "failure",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = [
        "session_list",
        "state",
        "progress",
        "failure",
        "started_at",
        "finished_at",
    ]
    actions = ["resume_selected"]
    change_form_template = "admin/messaging/mailing_change_form.html"

    # --- who may do what ------------------------------------------------------------------
    def has_send_permission(self, request, obj=None):
        return request.user.has_perm(SEND_PERMISSION)

    def has_add_permission(self, request):
        return self.has_send_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a mailing is a record; its page shows the progress

    def has_delete_permission(self, request, obj=None):
        return False

    # --- the list and the record ----------------------------------------------------------
    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sessions")

    # The progress is the mail engine's (messaging.GroupMessage), shown here.
    @admin.display(description=_("state"), ordering="message__state")
    def state(self, obj):
        return obj.message.get_state_display()

    @admin.display(description=_("Progress"))
    def progress(self, obj):
        return obj.message.progress_label()

    @admin.display(description=_("error"))
    def failure(self, obj):
        return obj.message.failure

    @admin.display(description=_("started at"))
    def started_at(self, obj):
        return obj.message.started_at

    @admin.display(description=_("finished at"))
    def finished_at(self, obj):
        return obj.message.finished_at

    @admin.display(description=_("Sessions"))
    def session_list(self, obj):
        return ", ".join(session.title for session in obj.sessions.all()) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "refresh_seconds": 5}
        )

    @admin.action(
        description=_("Resume the selected mailings (queue the mails not yet queued)"),
        permissions=["send"],
    )
    def resume_selected(self, request, queryset):
        resumed = sum(attendee_mailings.resume_mailing(mailing=mailing) for mailing in queryset)
        self.message_user(
            request,
            ngettext("%(count)d mailing resumed.", "%(count)d mailings resumed.", resumed)
            % {"count": resumed},
            messages.SUCCESS if resumed else messages.WARNING,
        )

    # --- adding: the form, the confirmation, the mailing --------------------------------
    def sender_conferences(self, request):
        """A mailing reaches people of the conferences its sender serves, no other."""
        return conferences_for(request.user, SEND_PERMISSION)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "_confirm" in request.POST:
            form = ConfirmMailingForm(request.POST, conferences=self.sender_conferences(request))
            if form.is_valid():
                return self._start(request, form.cleaned_data)
        elif request.method == "POST":
            form = AttendeeMailingForm(request.POST, conferences=self.sender_conferences(request))
            if form.is_valid():
                shown = notifications.preview(
                    conference=form.cleaned_data["conference"],
                    about=form.cleaned_data["about"],
                    sessions=form.cleaned_data["sessions"],
                    note=form.cleaned_data["note"],
                )
                if shown.recipients:
                    return self._confirmation(request, form, shown)
                form.add_error(
                    "conference", gettext("This conference has no confirmed attendees to email.")
                )
        else:
            form = AttendeeMailingForm(
                initial={"about": AttendeeMailing.About.CONFERENCE},
                conferences=self.sender_conferences(request),
            )
        return self._render(
            request, "admin/messaging/mailing_form.html", {"form": form}, extra_context
        )

    def _confirmation(self, request, form, shown):
        confirm = ConfirmMailingForm(
            initial={**form.cleaned_data, "key": uuid.uuid4()},
            conferences=self.sender_conferences(request),
        )
        message = shown.message
        attachments = [
            {"filename": filename, "size": len(content), "mimetype": mimetype}
            for filename, content, mimetype in message.attachments
        ]
        context = {
            "confirm_form": confirm,
            "recipients": shown.recipients,
            "choices": form.cleaned_data,
            "preview_to": ", ".join(message.to),
            "preview_subject": message.subject,
            "preview_body": links.redact(message.body, shown.registration),
            "preview_attachments": attachments,
        }
        return self._render(request, "admin/messaging/mailing_confirm.html", context)

    def _start(self, request, data):
        mailing, created = attendee_mailings.start_mailing(
            conference=data["conference"],
            about=data["about"],
            sessions=data["sessions"],
            note=data["note"],
            created_by=request.user,
            key=data["key"],
        )
        if created:
            self.message_user(
                request,
                ngettext(
                    "The mail to %(count)d confirmed attendee is being queued; this page "
                    "shows the progress.",
                    "The mails to %(count)d confirmed attendees are being queued; this page "
                    "shows the progress.",
                    mailing.message.recipient_total,
                )
                % {"count": mailing.message.recipient_total},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("This mailing was already confirmed; it is not sent a second time."),
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse("admin:messaging_attendeemailing_change", args=[mailing.pk])
        )

    def _render(self, request, template, context, extra_context=None):
        opts = self.model._meta
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "title": gettext("Email confirmed attendees"),
                "has_view_permission": self.has_view_permission(request),
                **context,
                **(extra_context or {}),
            },
        )

"""Organisers write to any group of registrations from the admin ("Messages to attendees").

Adding a message takes two steps, as the attendee mailing does (registration/mailing_admin.py):
the form (conference, the texts in each language, the filters), then a confirmation page with
the number of recipients, every language's text and the mail one real recipient gets (the
organiser may pick another). Confirming records the message (messaging.services.start_message);
a background task writes the send log and queues the mails. The message's page shows the
progress and links to its send log, where each recipient's mail is queued, sent or failed
with the reason. Only users with "Can write messages to groups of attendees" (registration
managers, superusers) may send.
"""

import uuid
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from messaging import audience, services
from messaging.attendee_mailing_admin import AttendeeMailingAdmin
from messaging.models import AttendeeMailing, GroupMessage, Recipient
from outbox.addresses import validate_single_line
from registration import links
from registration.models import Registration
from teams.admin import ConferenceScopedAdmin, scope_queryset
from teams.services import conferences_for

SEND_PERMISSION = "messaging.send_groupmessage"
VISA_PERMISSION = "visas.view_visarequest"


class ComposeForm(forms.Form):
    """The conference, a subject and body per language (English required, the others fall
    back to it), then every audience filter (messaging/audience.py)."""

    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.order_by("-starts_at")
    )

    def __init__(self, *args, conferences=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conferences is not None:  # the sender's conferences (teams.services)
            self.fields["conference"].queryset = conferences.order_by("-starts_at")
        for code, name in settings.LANGUAGES:
            subject, body = services.text_fields(code)
            english = code == settings.LANGUAGE_CODE
            fallback = None if english else _("Empty: the English text is sent.")
            self.fields[subject] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": gettext(name)},
                max_length=200,
                required=english,
                validators=[validate_single_line],
                help_text=fallback,
            )
            self.fields[body] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": gettext(name)},
                max_length=20000,
                required=english,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=fallback
                or _("Plain text; *emphasis*, **bold**, lists and [links](https://…) work."),
            )
        self.fields.update(audience.form_fields())
        self.fields["preview_for"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def texts_names():
        for code in services.language_codes():
            yield from services.text_fields(code)

    def texts(self):
        return {name: self.cleaned_data.get(name, "") for name in self.texts_names()}

    def audience(self):
        return audience.audience_of(self.cleaned_data)

    def text_rows(self):
        """(language name, subject, body, falls back) per language, for the confirmation."""
        rows = []
        english = services.text_fields(settings.LANGUAGE_CODE)
        for code, name in settings.LANGUAGES:
            subject, body = services.text_fields(code)
            own_subject, own_body = self.cleaned_data[subject], self.cleaned_data[body]
            rows.append(
                {
                    "language": name,
                    "subject": own_subject or self.cleaned_data[english[0]],
                    "body": own_body or self.cleaned_data[english[1]],
                    "falls_back": not (own_subject and own_body),
                }
            )
        return rows


class ConfirmForm(ComposeForm):
    """The confirmation page posts the same choices back, with the key that makes posting
    it twice one message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"] = forms.UUIDField(widget=forms.HiddenInput)


@admin.register(GroupMessage)
class GroupMessageAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "audience_label",
        "state",
        "progress",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "state", "conference"]
    list_select_related = ["conference", "created_by"]
    search_fields = ["subject_en", "conference__title"]
    readonly_fields = ["progress", "send_log"]
    actions = ["resume_selected"]
    # The attendee mailing's page: it reloads itself until the mails are queued.
    change_form_template = "admin/messaging/mailing_change_form.html"

    def get_fields(self, request, obj=None):
        return [
            "kind",
            "conference",
            *ComposeForm.texts_names(),
            "audience_label",
            "state",
            "progress",
            "send_log",
            "failure",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]

    # --- who may do what ------------------------------------------------------------------
    def has_send_permission(self, request, obj=None):
        return request.user.has_perm(SEND_PERMISSION)

    def has_add_permission(self, request):
        return self.has_send_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a message is a record; its page shows the progress

    def has_delete_permission(self, request, obj=None):
        return False

    # --- the list and the record ----------------------------------------------------------
    @admin.display(description=_("Progress"))
    def progress(self, obj):
        return obj.progress_label()

    @admin.display(description=_("Send log"))
    def send_log(self, obj):
        counts = services.delivery_counts(obj)
        labels = ", ".join(f"{label}: {counts[state]}" for state, label in Recipient.State.choices)
        url = reverse("admin:messaging_recipient_changelist")
        return format_html(
            '{} <a href="{}?{}">{}</a>',
            labels,
            url,
            urlencode({"message__id__exact": obj.pk}),
            gettext("Each recipient"),
        )

    @admin.action(
        description=_("Resume the selected messages (queue the mails not yet queued)"),
        permissions=["send"],
    )
    def resume_selected(self, request, queryset):
        resumed = sum(services.resume_message(message=message) for message in queryset)
        self.message_user(
            request,
            ngettext("%(count)d message resumed.", "%(count)d messages resumed.", resumed)
            % {"count": resumed},
            messages.SUCCESS if resumed else messages.WARNING,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "refresh_seconds": 5}
        )

    # --- adding: the form, the confirmation, the message --------------------------------
    def sender_conferences(self, request):
        """A message reaches people of the conferences its sender serves, no other."""
        return conferences_for(request.user, SEND_PERMISSION)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "_confirm" in request.POST:
            form = self._least_data(
                request, ConfirmForm(request.POST, conferences=self.sender_conferences(request))
            )
            if form.is_valid():
                return self._start(request, form)
        elif request.method == "POST":
            form = self._least_data(
                request, ComposeForm(request.POST, conferences=self.sender_conferences(request))
            )
            if form.is_valid():
                shown = services.preview(
                    conference=form.cleaned_data["conference"],
                    audience=form.audience(),
                    texts=form.texts(),
                    registration_id=form.cleaned_data["preview_for"],
                )
                if shown.recipients:
                    return self._confirmation(request, form, shown)
                form.add_error(None, gettext("Nobody is in this group: change the filters."))
        else:
            form = self._least_data(
                request,
                ComposeForm(
                    initial={"status": [Registration.Status.CONFIRMED]},
                    conferences=self.sender_conferences(request),
                ),
            )
        context = {
            "form": form,
            "text_field_names": list(form.texts_names()),
            "audience_field_names": [each.name for each in audience.FILTERS],
        }
        return self._render(request, "admin/messaging/compose.html", context)

    @staticmethod
    def _least_data(request, form):
        """Who is in which visa state is for those who may see visa requests: without that
        right there is no visa filter, so neither the count nor the preview's list of
        names can tell it (docs/audit.md)."""
        if not request.user.has_perm(VISA_PERMISSION):
            form.fields.pop("visa_status", None)
        return form

    def _confirmation(self, request, form, shown):
        data = {**form.cleaned_data, "key": uuid.uuid4()}
        data.pop("preview_for")
        confirm = self._least_data(
            request, ConfirmForm(initial=data, conferences=self.sender_conferences(request))
        )
        mail = shown.mail
        context = {
            "confirm_form": confirm,
            "recipients": shown.recipients,
            "conference": form.cleaned_data["conference"],
            "audience_label": audience.describe(form.audience()),
            "texts": form.text_rows(),
            "preview_for": shown.registration,
            "preview_choices": shown.choices,
            "preview_language": dict(settings.LANGUAGES)[shown.registration.mail_language],
            "preview_to": ", ".join(mail.to),
            "preview_subject": mail.subject,
            "preview_body": links.redact(mail.body, shown.registration),
            "preview_html": shown.html,
        }
        return self._render(request, "admin/messaging/confirm.html", context)

    def _start(self, request, form):
        message, created = services.start_message(
            conference=form.cleaned_data["conference"],
            audience=form.audience(),
            texts=form.texts(),
            created_by=request.user,
            key=form.cleaned_data["key"],
        )
        if created:
            self.message_user(
                request,
                ngettext(
                    "The mail to %(count)d person is being queued; this page shows the progress.",
                    "The mails to %(count)d people are being queued; this page shows the progress.",
                    message.recipient_total,
                )
                % {"count": message.recipient_total},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("This message was already confirmed; it is not sent a second time."),
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse("admin:messaging_groupmessage_change", args=[message.pk])
        )

    def _render(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Write to a group of attendees"),
                "has_view_permission": self.has_view_permission(request),
                **context,
            },
        )


class DeliveryFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return Recipient.State.choices

    def queryset(self, request, queryset):
        State = Recipient.State
        queued = Q(state=State.QUEUED)
        in_queue = {
            State.QUEUED: queued & Q(sent_at__isnull=True, last_failure__isnull=True),
            State.SENT: queued & Q(sent_at__isnull=False),
            State.FAILED: Q(state=State.FAILED)
            | (queued & Q(sent_at__isnull=True, last_failure__isnull=False)),
        }
        value = self.value()
        if value in in_queue:
            return queryset.filter(in_queue[value])
        if value in State.values:
            return queryset.filter(state=value)
        return queryset


class MessageFilter(admin.SimpleListFilter):
    """The message a log row belongs to; its choices read in one query."""

    title = _("message")
    parameter_name = "message__id__exact"

    def lookups(self, request, model_admin):
        return [
            (message.pk, str(message))
            for message in scope_queryset(
                GroupMessage.objects.select_related("conference"),
                request.user,
                model_admin.get_scope_permissions(),
            )
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        try:
            return queryset.filter(message_id=int(value))
        except ValueError:
            return queryset.none()


@admin.register(Recipient)
class RecipientAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """The send log: one row per recipient of a message, with what became of the mail."""

    list_display = ["person", "address", "delivery_state", "reason", "queued_at", "mail_log"]
    list_filter = [DeliveryFilter, MessageFilter]
    list_select_related = ["registration", "message"]
    search_fields = ["registration__email", "registration__family_name", "mail_id"]
    readonly_fields = ["message", *list_display]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_delivery()
        if not request.user.has_perm(VISA_PERMISSION):
            # Who got a message chosen by visa state would tell their visa state.
            queryset = queryset.exclude(message__audience__has_key="visa_status")
        return queryset

    def get_list_display(self, request):
        """The link to django-mailer's log only for those who may read it (it holds the
        mails' bodies, with their personal links)."""
        shown = list(super().get_list_display(request))
        if request.user.has_perm("mailer.view_messagelog"):
            return shown
        return [name for name in shown if name != "mail_log"]

    def get_fields(self, request, obj=None):
        return ["message", *self.get_list_display(request)]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"))
    def person(self, obj):
        registration = obj.registration
        if registration is None or registration.erased_at is not None:
            return gettext("(erased)")
        return registration.full_name

    @admin.display(description=_("email address"))
    def address(self, obj):
        registration = obj.registration
        if registration is None or registration.erased_at is not None:
            return "—"
        return registration.email

    @admin.display(description=_("state"))
    def delivery_state(self, obj):
        return Recipient.State(obj.delivery()[0]).label

    @admin.display(description=_("reason"))
    def reason(self, obj):
        return obj.delivery()[1] or "—"

    @admin.display(description=_("mail log"))
    def mail_log(self, obj):
        if not obj.mail_id:
            return "—"
        url = reverse("admin:mailer_messagelog_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>', url, urlencode({"q": obj.mail_id}), obj.mail_id
        )


admin.site.register(AttendeeMailing, AttendeeMailingAdmin)

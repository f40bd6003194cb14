"""Organisers' registration desk: attendees with counts, filters, search and workflow
actions; member institutions with their email domains; invitation codes and their uses.

Status changes go through ``registration.services`` (the same rules as the public pages:
locked capacity, waiting list order, emails after commit), so the status is read-only here.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import panels as audit_panels
from audit import services as audit
from events.programme import schedule_sessions
from outbox.addresses import normalise_address
from registration import questions, runners, services
from registration.bulk_actions import BulkActionsMixin
from registration.emails import send_after_commit
from registration.invitations_admin import InvitationCodeAdmin, MemberInstitutionAdmin
from registration.models import (
    InvitationCode,
    MemberInstitution,
    Question,
    Registration,
)
from registration.questions_admin import QuestionAdmin
from teams.admin import ConferenceScopedAdmin

ANONYMISE_LABEL = _("Anonymise (remove the person's data, keep the counts)")


def delete_selected_unless_held(modeladmin, request, queryset):
    """Django's "Delete selected", refused with a pointer to anonymisation when a chosen
    registration has records that must stay (instead of Django's list of objects the
    account may not delete)."""
    blocked = [r for r in queryset if modeladmin._deletion_blockers(request, [r])]
    if blocked:
        kinds = modeladmin._deletion_blockers(request, blocked)
        modeladmin._refuse_deletion(request, kinds, count=len(blocked))
        return None
    return delete_selected(modeladmin, request, queryset)


delete_selected_unless_held.allowed_permissions = ("delete",)


admin.site.register(Question, QuestionAdmin)
admin.site.register(MemberInstitution, MemberInstitutionAdmin)
admin.site.register(InvitationCode, InvitationCodeAdmin)


class RegistrationAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        """The stored address retyped in another case, with spaces, invisible or wide
        characters, is the same address: it is read as stored, so it is neither refused
        nor a change (no confirmation asked, no mail)."""
        super().__init__(*args, **kwargs)
        name = self.add_prefix("email")
        stored = self.instance.email if self.instance.pk else ""
        typed = self.data.get(name) if self.is_bound else None
        if stored and typed and normalise_address(typed, strict=False) == stored:
            self.data = self.data.copy()
            self.data[name] = stored


@admin.register(Registration)
class RegistrationAdmin(BulkActionsMixin, ConferenceScopedAdmin, admin.ModelAdmin):
    form = RegistrationAdminForm
    list_display = [
        "name",
        "email",
        "institution",
        "country",
        "attendance_mode",
        "status",
        "eligibility_route",
        "conference",
        "created_at",
    ]
    list_filter = [
        "conference",
        "attendance_mode",
        "status",
        "seat_request",
        "eligibility_route",
        "country",
        ("member_institution", admin.RelatedOnlyFieldListFilter),
        "visa_letter_wanted",
        "language",
    ]
    search_fields = ["given_name", "family_name", "patronymic", "email", "institution"]
    list_select_related = ["conference"]
    date_hierarchy = "created_at"
    # "View on site" would open the attendee's secret manage page: organisers act through
    # the actions here instead, on the record.
    view_on_site = False
    autocomplete_fields = ["member_institution", "invitation"]
    readonly_fields = [
        "status",
        "seat_request",
        "eligibility_route",
        "language",  # the person's choice, changed on their manage page
        "email_confirmed_at",
        "waiting_since",
        "pending_email",
        "decided_by",
        "decided_at",
        "privacy_consent_at",
        "erased_at",
        "created_at",
        "updated_at",
        "answers_table",
        "activity_record",
    ]
    fieldsets = [
        (None, {"fields": ["conference", "attendance_mode", "status", "seat_request"]}),
        (
            _("Person"),
            {
                "fields": [
                    ("given_name", "family_name", "patronymic"),
                    "email",
                    "pending_email",
                    ("institution", "position"),
                    "country",
                    "list_publicly",
                ]
            },
        ),
        (
            _("In person"),
            {"fields": ["accessibility_needs", "dietary_needs", "visa_letter_wanted"]},
        ),
        (
            _("Eligibility and decisions"),
            {
                "fields": [
                    "eligibility_route",
                    "member_institution",
                    "invitation",
                    "email_confirmed_at",
                    "waiting_since",
                    "decided_by",
                    "decided_at",
                ]
            },
        ),
        (_("Answers to the organisers’ questions"), {"fields": ["answers_table"]}),
        (_("Record"), {"fields": ["privacy_consent_at", "erased_at", "created_at", "updated_at"]}),
        (_("Who did or read what"), {"fields": ["activity_record"]}),
    ]
    actions = [
        "approve_selected",
        "decline_selected",
        "promote_selected",
        "resend_confirmation",
        "export_csv",
        "export_xlsx",
        "anonymise_selected",
    ]

    # --- the attendee's page, for staff, on the record ------------------------------------
    # Staff never get the secret manage link (no get_absolute_url, no "view on site"). Who
    # holds "Can open an attendee's page" sees here what the attendee's page says, without
    # any secret link (page, calendar feed, join links, ticket code), and each opening is
    # recorded in the audit log.
    def has_open_attendee_page_permission(self, request):
        return request.user.has_perm("registration.open_attendee_page")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attendee-page/",
                self.admin_site.admin_view(self.attendee_page_view),
                name="registration_registration_attendee_page",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_open_attendee_page"] = self.has_open_attendee_page_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def attendee_page_view(self, request, object_id):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_open_attendee_page_permission(request):
            raise PermissionDenied
        registration = self.get_object(request, unquote(object_id))
        if registration is None:
            raise Http404
        audit.record(
            action=audit.Action.STAFF_OPENED_PAGE, request=request, registration=registration
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": registration,
            "has_view_permission": self.has_view_permission(request, registration),
            "title": _("The attendee’s page: %(name)s") % {"name": registration.full_name},
            **attendee_page_context(registration),
        }
        return TemplateResponse(
            request, "admin/registration/registration/attendee_page.html", context
        )

    @admin.display(description=_("name"), ordering="family_name")  # registration/names.py
    def name(self, obj):
        return obj.full_name

    @admin.display(description=_("Record of actions and reads"))
    def activity_record(self, obj):
        return audit_panels.record_table(obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Moving someone to another conference or mode must go through the rules.
            fields += ["conference", "attendance_mode"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            # Added by an organiser: the person still confirms their address, then the
            # usual rules decide their place.
            obj.status = Registration.Status.PENDING_EMAIL
            obj.privacy_consent_at = timezone.now()
        new_email = None
        if change and "email" in form.changed_data:
            # A new address is only asked to confirm; the old one stays in force until then.
            new_email = obj.email
            obj.email = Registration.objects.values_list("email", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if not change:
            send_after_commit(obj, "confirm_email")
        if new_email is not None:
            try:
                services.request_email_change(registration=obj, email=new_email, request=request)
            except services.RegistrationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "We asked %(new)s to confirm the new address and told %(old)s. "
                        "Until it is confirmed, mails keep going to %(old)s."
                    )
                    % {"new": new_email, "old": obj.email},
                    messages.WARNING,
                )

    def delete_model(self, request, obj):
        services.delete_registration(registration=obj)

    def delete_queryset(self, request, queryset):
        """Deleting goes through the rules of cancelling: a seat it held goes to the waiting
        list (while registration is open)."""
        for registration in queryset.select_related("conference"):
            services.delete_registration(registration=registration)

    # --- a registration others depend on is anonymised, not deleted ----------------------
    def _deletion_blockers(self, request, registrations):
        """The kinds of rows that deleting would take and this account may not delete or
        nobody may (a visa request, a ticket and its check-ins, join links): sorted names,
        empty when the deletion may go ahead."""
        _deleted, _counts, perms_needed, protected = self.get_deleted_objects(
            registrations, request
        )
        kinds = {str(name) for name in perms_needed}
        kinds |= {str(obj._meta.verbose_name) for obj in protected if hasattr(obj, "_meta")}
        return sorted(kinds)

    def _refuse_deletion(self, request, kinds, count=None):
        """Says why nothing was deleted and what to do instead; `count` of the chosen ones
        (the list's action), or None for the registration's own delete page."""
        values = {"count": count, "kinds": ", ".join(kinds), "action": ANONYMISE_LABEL}
        if count is None:
            message = _(
                "This registration cannot be deleted: it has records that must stay "
                "(%(kinds)s). Anonymise it instead (the action “%(action)s”): the person's "
                "data go, the counts stay."
            )
        else:
            message = ngettext(
                "%(count)d of the chosen registrations cannot be deleted: it has records that "
                "must stay (%(kinds)s). Nothing was deleted. Anonymise it instead (the action "
                "“%(action)s”): the person's data go, the counts stay.",
                "%(count)d of the chosen registrations cannot be deleted: they have records "
                "that must stay (%(kinds)s). Nothing was deleted. Anonymise them instead (the "
                "action “%(action)s”): the people's data go, the counts stay.",
                count,
            )
        self.message_user(request, message % values, messages.ERROR)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            kinds = self._deletion_blockers(request, [obj])
            if kinds:
                self._refuse_deletion(request, kinds)
                return HttpResponseRedirect(
                    reverse("admin:registration_registration_change", args=[obj.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_unless_held, name, description)
        return actions

    def has_anonymise_permission(self, request):
        return request.user.has_perm("registration.anonymise_registration")

    @admin.action(description=ANONYMISE_LABEL, permissions=["anonymise"])
    def anonymise_selected(self, request, queryset):
        """Asks first (it cannot be undone), then anonymises each through the service."""
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Anonymise registrations?"),
                "opts": self.model._meta,
                "queryset": queryset,
                "count": queryset.count(),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            return TemplateResponse(
                request, "admin/registration/registration/anonymise_confirmation.html", context
            )
        done, refused = runners.apply_each(
            queryset.select_related("conference"),
            lambda r: services.anonymise(registration=r, user=request.user),
        )
        if done:
            self.message_user(
                request,
                ngettext("%d registration anonymised.", "%d registrations anonymised.", done)
                % done,
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)
        return None

    # --- counts above the list ---------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["registration_summary"] = self.summary(changelist.queryset)
        return response

    @staticmethod
    def summary(queryset):
        """Counts per status (rows) and mode (columns) of the filtered list, one query."""
        counts = {
            (row["status"], row["attendance_mode"]): row["n"]
            for row in queryset.order_by()
            .values("status", "attendance_mode")
            .annotate(n=Count("id"))
        }
        modes = Registration.AttendanceMode.choices
        rows = []
        for status, status_label in Registration.Status.choices:
            cells = [counts.get((status, mode), 0) for mode, _label in modes]
            rows.append({"label": status_label, "cells": cells, "total": sum(cells)})
        totals = [sum(row["cells"][i] for row in rows) for i in range(len(modes))]
        return {
            "modes": [label for _mode, label in modes],
            "rows": rows,
            "totals": totals,
            "total": sum(totals),
        }

    @admin.display(description=_("Answers"))
    def answers_table(self, obj):
        """What the person answered, with each question as it was asked (read-only: the
        person changes their answers on their manage page)."""
        answers = questions.answers_of(obj) if obj.pk else []
        if not answers:
            return "—"
        return format_html(
            '<table class="answers"><caption>{}</caption><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Answers to the organisers’ questions"),
            _("Question"),
            _("Answer"),
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((answer.question_text, questions.answer_text(answer)) for answer in answers),
            ),
        )


def attendee_page_context(registration):
    """What the attendee's manage page says (registration/manage_views.py _manage_context), with
    no secret link in it: no token, no feed address, no join link, no ticket."""
    confirmed = registration.status == Registration.Status.CONFIRMED
    conference = registration.conference
    return {
        "registration": registration,
        "conference": conference,
        "other_modes": [
            Registration.AttendanceMode(mode).label
            for mode in services.switch_choices(registration)
        ],
        "has_calendar_feed": confirmed,
        "language_label": dict(settings.LANGUAGES)[registration.mail_language],
        "answers": questions.answers_of(registration),
        "sessions": list(schedule_sessions(conference)) if confirmed else [],
    }

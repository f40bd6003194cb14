"""Documents in the admin: badges (print a selection, or every badge of a conference through
the task worker), badge roles, certificate rules and the organisers' decisions on
certificates, and the verification codes issued.

Printing badges needs "Can print name badges" (Registration managers and Check-in staff, by
the migration documents/0002); Content editors cannot.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from documents import services
from documents.models import (
    Badge,
    BadgeAttendee,
    CertificateDecision,
    CertificateRule,
    Layout,
    VerificationCode,
)
from mfa.decorators import step_up_required
from registration.masking import mask_email
from registration.models import Registration
from teams import services as teams
from teams.admin import ConferenceScopedAdmin

PRINT_PERMISSION = "documents.print_badges"


class BadgeRoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Badge.Role.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Badge.Role.PARTICIPANT:
            return queryset.exclude(badge__role__in=[Badge.Role.SPEAKER, Badge.Role.ORGANISER])
        if value in Badge.Role.values:
            return queryset.filter(badge__role=value)
        return queryset


@admin.register(BadgeAttendee)
class BadgeAttendeeAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """Confirmed in-person attendees, to print badges for: choose some (or filter by
    conference and choose all) and run an action."""

    list_display = ["full_name", "institution", "country", "role", "conference"]
    list_filter = ["conference", BadgeRoleFilter, "country"]
    # What a badge needs, no more (docs/audit.md): no address beyond a masked one,
    # no health or dietary notes, no search by address.
    search_fields = ["given_name", "family_name", "institution"]
    fields = ["full_name", "masked_email", "institution", "country", "role", "conference"]
    readonly_fields = fields
    list_select_related = ["conference", "badge"]
    ordering = ["family_name", "given_name", "id"]
    actions = ["print_a6", "print_a4"]
    change_list_template = "documents/admin/badgeattendee_change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                status=Registration.Status.CONFIRMED,
                attendance_mode=Registration.AttendanceMode.IN_PERSON,
                erased_at__isnull=True,
            )
        )

    @admin.display(description=_("name"), ordering="family_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("email"))
    def masked_email(self, obj):
        return mask_email(obj.email)

    @admin.display(description=_("role"))
    def role(self, obj):
        badge = getattr(obj, "badge", None)
        return badge.get_role_display() if badge else Badge.Role.PARTICIPANT.label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_print_permission(self, request):
        return request.user.has_perm(PRINT_PERMISSION)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- every badge of a conference, as a background job -------------------------------
    def get_urls(self):
        return [
            path(
                "print-all/",
                self.admin_site.admin_view(self.print_all_view),
                name="documents_badgeattendee_print_all",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_print = self.has_print_permission(request)
        return super().changelist_view(
            request, {**(extra_context or {}), "may_print_all": may_print}
        )

    def print_all_view(self, request):
        """Starting a print run of a whole conference's badges is an export: the right
        first, then a fresh second factor."""
        if not self.has_print_permission(request):
            raise PermissionDenied
        return self._stepped_up_print_all(request)

    @step_up_required
    def _stepped_up_print_all(self, request):
        conferences = teams.conferences_for(request.user, PRINT_PERMISSION).order_by("-starts_at")
        form = PrintAllForm(
            request.POST if request.method == "POST" else None, conferences=conferences
        )
        if form.is_valid():
            job = services.start_badge_batch(
                conference=form.cleaned_data["conference"],
                layout=form.cleaned_data["layout"],
                by=request.user,
            )
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Print every badge of a conference"),
            "form": form,
        }
        return TemplateResponse(request, "documents/admin/print_all.html", context)

    @admin.action(permissions=["print"], description=_("Print badges of the selected (A6)"))
    @step_up_required
    def print_a6(self, request, queryset):
        return self._print(request, queryset, Layout.A6)

    @admin.action(
        permissions=["print"], description=_("Print badges of the selected (4 per A4 sheet)")
    )
    @step_up_required
    def print_a4(self, request, queryset):
        return self._print(request, queryset, Layout.A4)

    def _print(self, request, queryset, layout):
        chosen = list(
            queryset.select_related("conference").order_by("family_name", "given_name", "id")
        )
        if not chosen:
            self.message_user(
                request, gettext("No badge to print: nobody chosen."), messages.WARNING
            )
            return None
        by_conference = {}
        for registration in chosen:
            by_conference.setdefault(registration.conference, []).append(registration.pk)
        for conference, ids in by_conference.items():
            try:
                job = services.start_badge_batch(
                    conference=conference, layout=layout, registration_ids=ids, by=request.user
                )
            except services.DocumentError as error:
                self.message_user(request, error.message, messages.WARNING)
                continue
            if job.already_running:
                text = gettext("These badges of %(conference)s are already being printed.") % {
                    "conference": conference
                }
            else:
                text = ngettext(
                    "%(count)d badge of %(conference)s is being printed.",
                    "%(count)d badges of %(conference)s are being printed.",
                    job.progress_total,
                ) % {"count": job.progress_total, "conference": conference}
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    text,
                    reverse("admin:jobs_job_change", args=[job.pk]),
                    gettext("Follow the progress and download the PDF."),
                ),
                messages.SUCCESS,
            )
        return None


class PrintAllForm(forms.Form):
    """Every badge of one conference, in one layout: a print run for the task worker."""

    conference = forms.ModelChoiceField(label=_("conference"), queryset=None)
    layout = forms.ChoiceField(label=_("layout"), choices=Layout.choices)

    def __init__(self, *args, conferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences

    def clean(self):
        cleaned = super().clean()
        conference = cleaned.get("conference")
        if conference is not None and not services.badge_holders(conference).exists():
            raise forms.ValidationError(
                gettext("%(conference)s has no confirmed in-person attendee to print a badge for.")
                % {"conference": conference}
            )
        return cleaned


@admin.register(Badge)
class BadgeAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """The role a badge prints (participant unless set here)."""

    list_display = ["registration", "role"]
    list_filter = ["role", "registration__conference"]
    search_fields = ["registration__given_name", "registration__family_name", "registration__email"]
    autocomplete_fields = ["registration"]
    list_select_related = ["registration"]

    def save_model(self, request, obj, form, change):
        badge = services.set_badge_role(registration=obj.registration, role=obj.role)
        obj.pk = badge.pk


@admin.register(CertificateRule)
class CertificateRuleAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["conference", "min_sessions_joined"]
    list_select_related = ["conference"]

    def save_model(self, request, obj, form, change):
        rule = services.set_certificate_rule(
            conference=obj.conference, min_sessions_joined=obj.min_sessions_joined
        )
        obj.pk = rule.pk


@admin.register(CertificateDecision)
class CertificateDecisionAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """Issue a certificate by hand, or withhold one, with the reason."""

    list_display = ["registration", "conference", "decision", "reason", "decided_by", "decided_at"]
    list_filter = ["decision", "registration__conference"]
    search_fields = ["registration__given_name", "registration__family_name", "registration__email"]
    autocomplete_fields = ["registration"]
    list_select_related = ["registration__conference", "decided_by"]
    fields = ["registration", "decision", "reason", "decided_by", "decided_at"]
    readonly_fields = ["decided_by", "decided_at"]

    @admin.display(description=_("conference"))
    def conference(self, obj):
        return obj.registration.conference

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # the decision on another registration is a new record
            return ["registration", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        record = services.decide_certificate(
            registration=obj.registration, decision=obj.decision, reason=obj.reason, by=request.user
        )
        obj.pk = record.pk
        obj.decided_at = record.decided_at
        obj._state.adding = False


@admin.register(VerificationCode)
class VerificationCodeAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    """Codes printed on letters and certificates (made when a document is first downloaded)."""

    list_display = ["display_code", "kind", "registration", "created_at"]
    list_filter = ["kind", "registration__conference"]
    search_fields = ["code", "registration__given_name", "registration__family_name"]
    list_select_related = ["registration"]
    readonly_fields = ["registration", "kind", "display_code", "created_at"]

    def get_search_results(self, request, queryset, search_term):
        from documents.models import normalise_code

        found, duplicates = super().get_search_results(request, queryset, search_term)
        code = normalise_code(search_term)
        if code:
            found |= queryset.filter(code=code)
        return found, duplicates

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

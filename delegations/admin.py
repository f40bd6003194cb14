"""Organisers see each delegation: its contact and its people with their registration's
status. Read-only: people are registered and change status only through the services
(registration.services for their registration), never by editing a row here. Registration
managers see delegations (migration 0002); other groups do not."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Member
from teams.admin import ConferenceScopedAdmin


class MemberInline(ConferenceScopedAdmin, admin.TabularInline):
    model = Member
    extra = 0
    can_delete = False
    fields = [
        "given_name",
        "family_name",
        "email",
        "institution",
        "attendance_mode",
        "language",
        "outcome",
        "registration_status",
        "reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("registration status"))
    def registration_status(self, member):
        return member.status_label()


@admin.register(Delegation)
class DelegationAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "contact_institution",
        "contact_name",
        "contact_email",
        "conference",
        "people",
        "email_confirmed_at",
        "created_at",
    ]
    list_filter = ["conference", ("email_confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "contact_name",
        "contact_email",
        "contact_institution",
        "members__family_name",
        "members__given_name",
        "members__email",
    ]
    list_select_related = ["conference"]
    fields = [
        "conference",
        "contact_name",
        "contact_email",
        "contact_institution",
        "contact_role",
        "country",
        "language",
        "email_confirmed_at",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [MemberInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_count=Count("members"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, delegation):
        return delegation.people_count

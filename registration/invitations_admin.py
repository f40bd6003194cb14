"""The admin of member institutions (with their mail domains) and invitation codes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registration.models import (
    MemberDomain,
)
from teams.admin import ConferenceScopedAdmin


class MemberDomainInline(admin.TabularInline):
    model = MemberDomain
    extra = 1


class MemberInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "domain_list", "network_list", "is_active"]
    list_filter = ["is_active", "networks", "country"]
    search_fields = ["name", "domains__domain"]
    filter_horizontal = ["networks"]
    inlines = [MemberDomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("domains", "networks")

    @admin.display(description=_("Email domains"))
    def domain_list(self, obj):
        return ", ".join(domain.domain for domain in obj.domains.all())

    @admin.display(description=_("Networks"))
    def network_list(self, obj):
        return ", ".join(network.short_name for network in obj.networks.all())


class InvitationCodeAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["code", "conference", "note", "used_count", "max_uses", "expires_at"]
    list_filter = ["conference"]
    search_fields = ["code", "note"]
    list_select_related = ["conference"]
    readonly_fields = ["used_count", "created_at", "registrations_using"]
    fields = [
        "conference",
        "code",
        "note",
        "max_uses",
        "used_count",
        "expires_at",
        "registrations_using",
        "created_at",
    ]

    @admin.display(description=_("Used by"))
    def registrations_using(self, obj):
        if obj.pk is None:
            return "—"
        people = obj.registrations.filter(invitation_used=True).order_by("family_name")
        return ", ".join(f"{r.full_name} ({r.get_status_display()})" for r in people) or "—"

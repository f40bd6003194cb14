"""The record in the admin: shown, never added, changed or deleted, no actions. A data
officer of some conferences sees their entries; one of all conferences sees every entry,
those of no conference too (teams/admin.py ConferenceScopedAdmin). The admin is a leaf:
nothing imports it, so the app itself still depends on nothing but accounts and events."""

from django.contrib import admin

from audit.models import AuditEntry, DestructionRecord
from teams.admin import ConferenceScopedAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ConferenceScopedAdmin, ReadOnlyAdmin):
    list_display = [
        "at",
        "username",
        "role",
        "action",
        "conference_label",
        "subject_type",
        "subject_id",
        "count",
        "client_address",
        "detail",
    ]
    list_filter = ["action", "conference", "at"]
    search_fields = ["username"]
    date_hierarchy = "at"
    show_full_result_count = False
    fields = [
        "at",
        "user",
        "username",
        "role",
        "conference",
        "conference_label",
        "client_address",
        "action",
        "subject_type",
        "subject_id",
        "detail",
        "count",
    ]
    readonly_fields = fields


@admin.register(DestructionRecord)
class DestructionRecordAdmin(ConferenceScopedAdmin, ReadOnlyAdmin):
    list_display = ["at", "rule", "conference_label", "categories"]
    list_filter = ["rule", "conference"]
    date_hierarchy = "at"
    fields = ["at", "rule", "categories", "conference", "conference_label"]
    readonly_fields = fields

"""The record in the admin: shown, never added, changed or deleted, no actions."""

from django.contrib import admin

from audit.models import AuditEntry, DestructionRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
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
class DestructionRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "rule", "conference_label", "categories"]
    list_filter = ["rule", "conference"]
    date_hierarchy = "at"
    fields = ["at", "rule", "categories", "conference", "conference_label"]
    readonly_fields = fields

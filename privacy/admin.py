"""Consents in the admin: read only (rows are appended by privacy/services.py and never
changed), for the organisers who must know who agreed to what (the photographers, who
withdrew consent to photos). Needs privacy.view_consent; client addresses are not shown."""

from django.contrib import admin

from privacy.models import Consent
from teams.admin import ConferenceScopedAdmin


@admin.register(Consent)
class ConsentAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["registration", "purpose", "given", "version", "at", "language"]
    list_filter = ["purpose", "given", "registration__conference"]
    list_select_related = ["registration"]
    search_fields = ["registration__family_name", "registration__given_name"]
    date_hierarchy = "at"
    fields = ["registration", "purpose", "given", "version", "at", "language"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

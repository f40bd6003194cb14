"""Tickets and check-ins for organisers: read only, since a ticket is made by the site and an
arrival is recorded at the desk (attending/services.py), never typed in here."""

from django.contrib import admin

from attending.models import CheckIn, Ticket


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ["day", "at", "desk", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["display_code", "registration", "created_at"]
    list_select_related = ["registration"]
    list_filter = ["registration__conference"]
    search_fields = [
        "code",
        "registration__given_name",
        "registration__family_name",
        "registration__email",
    ]
    fields = ["registration", "display_code", "created_at"]
    readonly_fields = fields
    inlines = [CheckInInline]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "attendee", "day", "at", "desk", "by"]
    list_select_related = ["ticket__registration", "by"]
    list_filter = ["conference", "day", "desk"]
    search_fields = [
        "ticket__code",
        "ticket__registration__given_name",
        "ticket__registration__family_name",
        "desk",
    ]
    date_hierarchy = "day"
    fields = ["ticket", "conference", "day", "at", "desk", "by"]
    readonly_fields = fields

    @admin.display(description=Ticket._meta.get_field("registration").verbose_name)
    def attendee(self, obj):
        return obj.ticket.registration.full_name

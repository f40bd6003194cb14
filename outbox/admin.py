"""The mail queue as organisers see it: django-mailer's Message admin, with each message's
state (queued, retrying, set aside), the reason it last failed, a retry action, and above
the list whether mail is going out: when a message last left and whether a worker runs
(templates/admin/mailer/message/change_list.html)."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mailer.admin import MessageAdmin
from mailer.models import PRIORITY_DEFERRED, Message

from outbox import services
from outbox.delivery import max_retries
from teams.services import serves_all_conferences

STATE_LABELS = {
    services.QUEUED: _("Queued"),
    services.RETRYING: _("Deferred, retried automatically"),
    services.SET_ASIDE: _("Set aside"),
}


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        deferred = Q(priority=PRIORITY_DEFERRED)
        cap = max_retries()
        if self.value() == services.QUEUED:
            return queryset.exclude(deferred)
        if self.value() == services.RETRYING:
            return queryset.filter(deferred, retry_count__lt=cap)
        if self.value() == services.SET_ASIDE:
            return queryset.filter(deferred, retry_count__gte=cap)
        return queryset


# django-mailer registers its own admin for Message; this one replaces it.
admin.site.unregister(Message)


@admin.register(Message)
class QueuedMessageAdmin(MessageAdmin):
    list_display = ["id", "recipients", "subject", "when_added", "state", "reason", "retry_count"]
    list_filter = [StateFilter]
    # Read only: a message changes through the retry action alone (outbox.services), and its
    # body is not shown, since it holds the recipient's private links (manage, feed).
    fields = ["recipients", "subject", "when_added", "state", "reason", "retry_count"]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    # The queue holds mail of every conference: only those who serve all of them see it.
    def has_module_permission(self, request):
        return serves_all_conferences(request.user, "mailer.view_message")

    def has_view_permission(self, request, obj=None):
        return serves_all_conferences(
            request.user, "mailer.view_message"
        ) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return serves_all_conferences(
            request.user, "mailer.change_message"
        ) and super().has_change_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "mail_status": services.mail_status()}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("to"))
    def recipients(self, message):
        return ", ".join(message.to_addresses) or "—"

    @admin.display(description=_("state"))
    def state(self, message):
        return STATE_LABELS[services.state_of(message)]

    @admin.display(description=_("last failure"))
    def reason(self, message):
        if message.priority != PRIORITY_DEFERRED:
            return "—"
        failure = services.last_failure(message)
        return failure.log_message if failure else "—"

    @admin.action(description=_("Retry the selected messages now"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.retry_messages(messages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message goes out in the next round of the mail worker.",
                "%(count)d messages go out in the next round of the mail worker.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

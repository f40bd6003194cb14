"""The append-only record: one ``AuditEntry`` per action or read of personal data, one
``DestructionRecord`` per purge or erasure. Rows are written by ``audit/services.py`` and never
changed or deleted: ``save()`` refuses an update, ``delete()`` refuses, the admin only shows,
and on PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE.

Neither table holds personal data of the people it is about: a registration is kept as its id
(``subject_id``), never as a name or an address, so an erasure leaves the record intact and
meaningful. An account is kept as its username, a conference as its slug, so the record
survives the deletion of either (their foreign keys are set to NULL, the one change the
trigger allows).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Conference

# The data officer's right: the whole record, every conference (teams/roles.py grants it).
VIEW_PERMISSION = "audit.view_auditentry"


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete a record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are never changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are never deleted.")


class AppendOnly(models.Model):
    """Rows are inserted once. (Django's own SET_NULL of a deleted account or conference does
    not go through save() or the QuerySet, and the PostgreSQL trigger allows exactly it.)"""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are never deleted.")


class AuditEntry(AppendOnly):
    """Who (account, role, conference, client address) did or read what, and when."""

    class Action(models.TextChoices):
        ADMIN_LIST = "admin_list", _("Listed in the admin")
        ADMIN_VIEW = "admin_view", _("Viewed in the admin")
        ADMIN_ADD = "admin_add", _("Added in the admin")
        ADMIN_CHANGE = "admin_change", _("Changed in the admin")
        ADMIN_DELETE = "admin_delete", _("Deleted in the admin")
        ADMIN_ACTION = "admin_action", _("Ran an admin action")
        EXPORT = "export", _("Exported")
        VISA_READ = "visa_read", _("Read visa data")
        CHECK_IN = "check_in", _("Checked in")
        CHECK_IN_SEARCH = "check_in_search", _("Searched at the check-in desk")
        MESSAGE_SEND = "message_send", _("Sent a message")
        STAFF_OPENED_PAGE = "staff_opened_page", _("Staff opened an attendee's page")
        EMAIL_CHANGED = "email_changed", _("Changed an email address")
        DATA_DOWNLOAD = "data_download", _("Downloaded personal data")
        ERASURE = "erasure", _("Erased personal data")
        CONSENT_GIVEN = "consent_given", _("Gave consent")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Withdrew consent")
        SECOND_FACTOR_PASSED = "second_factor_passed", _("Proved a second factor")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Gave a wrong second-factor code")
        SECOND_FACTOR_ADDED = "second_factor_added", _("Set up a second factor")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("Removed a second factor")
        RECOVERY_CODE_USED = "recovery_code_used", _("Used a recovery code")
        RECOVERY_CODES_MADE = "recovery_codes_made", _("Made new recovery codes")
        STAFF_ACCOUNT_CREATED = "staff_account_created", _("Created a staff account")
        OTHER = "other", _("Other")

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    # Kept when the account is deleted; empty for the person themselves or a job.
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    conference = models.ForeignKey(
        Conference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conference"),
    )
    # Kept when the conference is deleted.
    conference_label = models.CharField(_("conference label"), max_length=100, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    # What was acted on: "registration" and its id, or a model label ("visas.visarequest").
    subject_type = models.CharField(_("subject"), max_length=100, blank=True)
    subject_id = models.BigIntegerField(_("subject id"), null=True, blank=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    # How many rows a list, export or mailing touched.
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("record entry")
        verbose_name_plural = _("record of actions and reads")
        default_permissions = ["view"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.get_action_display()}"


class DestructionRecord(AppendOnly):
    """One purge or erasure: under which rule, how many of what, when. Never the data."""

    at = models.DateTimeField(_("when"), db_index=True)
    rule = models.CharField(_("rule"), max_length=200)
    # {"passport data": 12, "invitation files": 3}
    categories = models.JSONField(_("categories"), default=dict)
    conference = models.ForeignKey(
        Conference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conference"),
    )
    conference_label = models.CharField(_("conference label"), max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        default_permissions = ["view"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.rule}"

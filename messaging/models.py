"""A message organisers write to a group of registrations, and its send log: one row per
recipient, with the Message-ID of the mail handed to the mail queue, so the log can tell
whether django-mailer sent it or why it failed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration.models import AttendeeMailing, Registration


class GroupMessage(models.Model):
    """One message to the registrations an audience (messaging/audience.py) selects. The
    organiser confirms it in the admin; a background task (messaging/services.py) writes the
    send log and queues the mails in batches, recording how far it got."""

    # The same steps as an attendee mailing's, with the same words in the admin.
    State = AttendeeMailing.State

    conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="group_messages",
        verbose_name=_("conference"),
    )
    # One column per language (messaging/translation.py); English is required.
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"),
        max_length=20000,
        help_text=_("Plain text; *emphasis*, **bold**, lists and [links](https://…) work."),
    )
    # The filters as the form cleaned them ({"status": ["confirmed"], "regions": [...]}).
    audience = models.JSONField(_("audience"), default=dict)
    audience_label = models.TextField(_("recipients chosen"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # Posted by the confirmation page: the same confirmation posted twice is one message.
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False, verbose_name=_("key"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.WAITING
    )
    recipient_total = models.PositiveIntegerField(_("recipients"), default=0)
    queued_count = models.PositiveIntegerField(_("mails queued"), default=0)
    # The send log is written in full before the first mail is queued.
    log_written = models.BooleanField(
        default=False, editable=False, verbose_name=_("send log written")
    )
    failure = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        default_permissions = ["view"]
        permissions = [("send_groupmessage", _("Can write messages to groups of attendees"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=AttendeeMailing.State.values),
                name="group_message_state_known",
            ),
            models.CheckConstraint(
                condition=Q(queued_count__lte=F("recipient_total")),
                name="group_message_queued_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.conference}: {self.subject_en}"

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}


class RecipientQuerySet(models.QuerySet):
    def with_delivery(self):
        """Each row annotated from django-mailer's log, found by the mail's Message-ID:
        `sent_at` (when it was sent) and `last_failure` (the latest failure's reason)."""
        from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, MessageLog

        logs = MessageLog.objects.filter(message_id=models.OuterRef("mail_id"))
        return self.annotate(
            sent_at=models.Subquery(
                logs.filter(result=RESULT_SUCCESS)
                .order_by("-when_attempted")
                .values("when_attempted")[:1]
            ),
            last_failure=models.Subquery(
                logs.filter(result=RESULT_FAILURE)
                .order_by("-when_attempted", "-pk")
                .values("log_message")[:1]
            ),
        )


class Recipient(models.Model):
    """One line of a message's send log: who it is for and what became of their mail."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not queued yet")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: the person’s data was erased")

    message = models.ForeignKey(
        GroupMessage,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("message to attendees"),
    )
    # Kept when the registration is erased or deleted; the log then names nobody.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
    )
    # The state when the task last touched the row: pending, queued, skipped, or failed
    # (the mail could not be built). Sent and failed in the mail queue come from its log.
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    failure = models.TextField(_("reason"), blank=True)
    mail_id = models.CharField(
        _("Message-ID header"),
        max_length=255,
        blank=True,
        db_index=True,
        editable=False,
    )
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["message", "id"]
        verbose_name = _("send log entry")
        verbose_name_plural = _("send log")
        default_permissions = ["view"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"], name="one_log_entry_per_recipient"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "queued", "failed", "skipped"]),
                name="recipient_stored_state_known",
            ),
        ]

    def __str__(self):
        return self.mail_id or str(self.pk)

    def delivery(self):
        """(state, reason) as organisers see it: the stored state, refined for a queued mail
        by django-mailer's log (needs `with_delivery()`)."""
        if self.state != self.State.QUEUED:
            return self.state, self.failure
        if getattr(self, "sent_at", None):
            return self.State.SENT, ""
        failure = getattr(self, "last_failure", None)
        if failure:
            return self.State.FAILED, failure
        return self.State.QUEUED, ""

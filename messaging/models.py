"""The one engine for mail to many people (messaging/engine.py): a mailing of one kind
(organisers' message to a group, programme or conference change, "moved online" notice) and
its send log, one row per recipient frozen when the mailing is confirmed, with the
Message-ID of the mail handed to the mail queue, so the log can tell whether django-mailer
sent it or why it failed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration.models import MailingAbout, Registration


class GroupMessage(models.Model):
    """One mailing to many registrations. Its recipients are written when it is confirmed
    (the send log); a background task (messaging/tasks.py) hands their mails to the mail
    queue in batches, each batch in the transaction that records it, so a worker stopped
    at any moment and started again never mails anyone twice or leaves anyone out.

    `kind` says what it is and who writes the mails: an organisers' message to the group an
    audience (messaging/audience.py) selects, an attendee mailing about the programme or the
    conference (AttendeeMailing holds what it is about), or the notice that the
    conference moved online."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message to a group of attendees")
        PROGRAMME = "programme", _("Programme or conference changed")
        MOVED_ONLINE = "moved_online", _("The conference moved online")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        QUEUEING = "queueing", _("Queueing the mails")
        DONE = "done", _("All mails queued")
        FAILED = "failed", _("Stopped by an error")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="group_messages",
        verbose_name=_("conference"),
    )
    # One column per language (messaging/translation.py); English is required.
    # The organisers' own words (a message); other kinds take theirs from templates.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(
        _("message"),
        max_length=20000,
        blank=True,
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
    # Recipients whose mail could not be queued (the address refused, the mail not built).
    failed_count = models.PositiveIntegerField(_("mails failed"), default=0)
    # The send log is written in full before the first mail is queued (when the mailing is
    # confirmed; messages confirmed before that wrote it in the task).
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
                condition=Q(state__in=["waiting", "queueing", "done", "failed"]),
                name="group_message_state_known",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["message", "programme", "moved_online"]),
                name="group_message_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(queued_count__lte=F("recipient_total")),
                name="group_message_queued_within_total",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.MESSAGE:
            return f"{self.conference}: {self.subject_en}"
        return f"{self.conference}: {self.get_kind_display()}"

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}

    def progress_label(self):
        """ "1200 of 2000 mails queued, 3 failed": for the admin's pages."""
        text = gettext("%(queued)d of %(total)d mails queued") % {
            "queued": self.queued_count,
            "total": self.recipient_total,
        }
        if self.failed_count:
            text += ", " + ngettext("%(count)d failed", "%(count)d failed", self.failed_count) % {
                "count": self.failed_count
            }
        return text


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
        _("Message-ID header"), max_length=255, blank=True, db_index=True, editable=False
    )
    # Also what the rate limit counts (messaging/engine.py): mails queued in the last minute.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, db_index=True)

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


class AttendeeMailing(models.Model):
    """What an email to every confirmed attendee of a conference is about: the conference's
    dates or status, or chosen sessions, with the organisers' note. Organisers confirm it in
    the admin (messaging/attendee_mailing_admin.py); the mail engine (messaging/engine.py)
    sends it as its `message`, which holds the recipients, the send log and the progress.
    Its mails are written by registration (registration/notifications.py), whose
    vocabulary ``About`` is. (Until 2026 the model was registration's; its rows kept.)"""

    About = MailingAbout

    conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="attendee_mailings",
        verbose_name=_("conference"),
    )
    about = models.CharField(max_length=20, choices=About.choices, verbose_name=_("about"))
    sessions = models.ManyToManyField(
        "events.Session", blank=True, related_name="+", verbose_name=_("sessions")
    )
    note = models.TextField(
        _("note from the organisers"),
        max_length=2000,
        blank=True,
        help_text=_("Optional; added to every mail as it is typed here."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Posted by the confirmation page: the same confirmation posted twice is one mailing.
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False, verbose_name=_("key"))
    # The engine's mailing: recipients, send log, state and progress.
    message = models.OneToOneField(
        GroupMessage,
        on_delete=models.PROTECT,
        related_name="attendee_mailing",
        verbose_name=_("mailing"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("attendee mailing")
        verbose_name_plural = _("attendee mailings")
        ordering = ["-created_at", "-id"]
        default_permissions = ["view"]
        permissions = [("send_attendeemailing", _("Can email confirmed attendees"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(about__in=["conference", "sessions"]),
                name="attendee_mailing_about_known",
            ),
        ]

    def __str__(self):
        return f"{self.conference}: {self.get_about_display()}"

    # How far it got is the engine's mailing's, read through these.
    @property
    def is_finished(self):
        return self.message.is_finished

    @property
    def state(self):
        return self.message.state

    @property
    def recipient_total(self):
        return self.message.recipient_total

    @property
    def queued_count(self):
        return self.message.queued_count

    @property
    def failure(self):
        return self.message.failure

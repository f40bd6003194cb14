"""One email to every confirmed attendee of a conference."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.models import Conference


class AttendeeMailing(models.Model):
    """One email to every confirmed attendee of a conference, about the conference's dates or
    status or about chosen sessions. Organisers confirm it in the admin; a background task
    (registration/notifications.py) builds the mails and queues them in batches, recording how
    far it got, so the admin shows the progress and a resumed task never mails anyone twice."""

    class About(models.TextChoices):
        CONFERENCE = "conference", _("The conference's dates or status")
        SESSIONS = "sessions", _("Chosen sessions (moved or cancelled)")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        QUEUEING = "queueing", _("Queueing the mails")
        DONE = "done", _("All mails queued")
        FAILED = "failed", _("Stopped by an error")

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
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.WAITING, verbose_name=_("state")
    )
    recipient_total = models.PositiveIntegerField(_("recipients"), default=0)
    queued_count = models.PositiveIntegerField(_("mails queued"), default=0)
    # Recipients are mailed in the order of their id; everyone up to this one has a mail.
    last_registration_id = models.PositiveBigIntegerField(
        default=0, editable=False, verbose_name=_("last registration mailed")
    )
    failure = models.TextField(blank=True, verbose_name=_("failure"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

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
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "queueing", "done", "failed"]),
                name="attendee_mailing_state_known",
            ),
            models.CheckConstraint(
                condition=Q(queued_count__lte=F("recipient_total")),
                name="attendee_mailing_queued_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.conference}: {self.get_about_display()}"

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}

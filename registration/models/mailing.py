"""One email to every confirmed attendee of a conference."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Conference


class AttendeeMailing(models.Model):
    """What an email to every confirmed attendee of a conference is about: the conference's
    dates or status, or chosen sessions, with the organisers' note. Organisers confirm it in
    the admin; the mail engine (messaging/engine.py) sends it as its `message`, which holds
    the recipients, the send log and the progress."""

    class About(models.TextChoices):
        CONFERENCE = "conference", _("The conference's dates or status")
        SESSIONS = "sessions", _("Chosen sessions (moved or cancelled)")

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
        "messaging.GroupMessage",
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

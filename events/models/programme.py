"""The programme: rooms, speakers, sessions, and the sessions deleted (kept so calendars can cancel
them).
"""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.about import Topic
from events.models.conference import Conference


class Room(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "name"], name="unique_room_name")
        ]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=200)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    affiliation = models.CharField(verbose_name=_("affiliation"), max_length=200, blank=True)
    position = models.CharField(verbose_name=_("position"), max_length=200, blank=True)
    bio = models.TextField(verbose_name=_("bio"), blank=True)
    photo = models.ImageField(verbose_name=_("photo"), upload_to="speakers/", blank=True)
    website = models.URLField(verbose_name=_("website"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        CEREMONY = "ceremony", _("Ceremony")
        SOCIAL = "social", _("Social")
        BREAK = "break", _("Break")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(verbose_name=_("title"), max_length=300)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100)
    description = models.TextField(verbose_name=_("description"), blank=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY
    )
    format = models.CharField(
        verbose_name=_("format"), max_length=20, choices=Format.choices, default=Format.HYBRID
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.SET_NULL, null=True, blank=True
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.SET_NULL, null=True, blank=True
    )
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions"
    )
    is_provisional = models.BooleanField(
        verbose_name=_("is provisional"),
        default=False,
        help_text=_("Part of the provisional programme; shown with a label."),
    )
    # Only confirmed attendees see it (on their manage page and personal feed). How to join
    # online is attending's JoinOption, reached through each participant's personal link.
    recording_url = models.URLField(verbose_name=_("recording url"), blank=True)

    calendar_uid = models.UUIDField(
        verbose_name=_("calendar uid"), default=uuid.uuid4, unique=True, editable=False
    )
    calendar_sequence = models.PositiveIntegerField(
        verbose_name=_("calendar sequence"), default=0, editable=False
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["conference", "slug"], name="unique_session_slug_per_conference"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "events:session_detail",
            kwargs={"slug": self.conference.slug, "session_slug": self.slug},
        )

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class DeletedSessionQuerySet(models.QuerySet):
    def still_announced(self, now=None):
        """Deletions the feeds still announce: until KEEP_FOR after the conference ended, and
        at least KEEP_FOR after the deletion."""
        since = (now or timezone.now()) - DeletedSession.KEEP_FOR
        return self.filter(Q(conference__ends_at__gte=since) | Q(deleted_at__gte=since))

    def expired(self, now=None):
        since = (now or timezone.now()) - DeletedSession.KEEP_FOR
        return self.filter(conference__ends_at__lt=since, deleted_at__lt=since)


class DeletedSession(models.Model):
    """A session deleted from the programme. The feeds keep announcing it with
    STATUS:CANCELLED (same UID, higher SEQUENCE) so calendars that imported or subscribed to
    it drop the entry; after KEEP_FOR past both the conference's end and the deletion,
    every calendar that still looks has seen it, and the row goes (events.programme)."""

    KEEP_FOR = timedelta(weeks=8)

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="deleted_sessions",
    )
    title = models.CharField(verbose_name=_("title"), max_length=300)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100)
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    calendar_uid = models.UUIDField(verbose_name=_("calendar uid"), unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(
        verbose_name=_("calendar sequence"), editable=False
    )
    deleted_at = models.DateTimeField(verbose_name=_("deleted at"), default=timezone.now)

    objects = DeletedSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("deleted session")
        verbose_name_plural = _("deleted sessions")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="deleted_session_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

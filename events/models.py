"""The conference, who organises it, what it is about, when it happens and its programme."""

import uuid
import zoneinfo
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use an IANA name such as Asia/Tomsk."),
            params={"value": value},
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        NETWORK = "network", _("University network")
        ASSOCIATION = "association", _("Association")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(verbose_name=_("name"), max_length=200, unique=True)
    acronym = models.CharField(verbose_name=_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIVERSITY
    )
    country = CountryField(verbose_name=_("country"), blank=True)
    website = models.URLField(verbose_name=_("website"), blank=True)
    logo = models.ImageField(verbose_name=_("logo"), upload_to="logos/", blank=True)
    description = models.TextField(verbose_name=_("description"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self):
        return self.acronym or self.name


class ConferenceQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Conferences that have not ended yet, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at")

    def featured(self, now=None):
        """The conference the home page shows: the next upcoming one, else the latest."""
        return self.upcoming(now).first() or self.order_by("-starts_at").first()


class Conference(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled (new dates set)")
        POSTPONED = "postponed", _("Postponed (new dates not yet known)")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED_ONLINE = "moved_online", _("Moved online")

    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid: in person and online")

    title = models.CharField(verbose_name=_("title"), max_length=200)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("One or two sentences shown at the top of the page.")
    )
    description = models.TextField(
        verbose_name=_("description"),
        blank=True,
        help_text=_("Paragraphs separated by blank lines."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    status_note = models.TextField(
        verbose_name=_("status note"),
        blank=True,
        help_text=_("Shown with the status, e.g. why the conference was postponed."),
    )
    attendance_mode = models.CharField(
        verbose_name=_("attendance mode"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.HYBRID,
    )
    time_zone = models.CharField(
        verbose_name=_("time zone"),
        max_length=64,
        default="Asia/Tomsk",
        validators=[validate_time_zone],
        help_text=_("IANA name of the venue's time zone, e.g. Asia/Tomsk."),
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))

    venue_name = models.CharField(verbose_name=_("venue name"), max_length=200, blank=True)
    venue_street = models.CharField(verbose_name=_("venue street"), max_length=200, blank=True)
    venue_postal_code = models.CharField(
        verbose_name=_("venue postal code"), max_length=20, blank=True
    )
    venue_city = models.CharField(verbose_name=_("venue city"), max_length=100, blank=True)
    venue_country = CountryField(verbose_name=_("venue country"), blank=True)
    online_url = models.URLField(
        verbose_name=_("online url"),
        blank=True,
        help_text=_("Public page where online participants join or learn how to."),
    )

    contact_email = models.EmailField(
        verbose_name=_("contact email"), help_text=_("Receives “Request more information” mails.")
    )
    working_language = models.CharField(
        verbose_name=_("working language"), max_length=100, default="English"
    )
    language_code = models.CharField(
        verbose_name=_("language code"),
        max_length=10,
        default="en",
        help_text=_("BCP 47 code of the working language."),
    )
    in_person_eligibility = models.TextField(
        verbose_name=_("in person eligibility"),
        blank=True,
        help_text=_("Who may attend in person."),
    )
    online_eligibility = models.TextField(
        verbose_name=_("online eligibility"), blank=True, help_text=_("Who may take part online.")
    )
    translations_to_review = models.BooleanField(
        _("translations to review"),
        default=False,
        help_text=_(
            "The Russian and Chinese content is a first draft (the seed conference's is) that "
            "an organiser has not checked yet. Clear it once they have."
        ),
    )

    # Registration settings live here because the conference row is the one locked while
    # seats are counted; the registration app owns the rules that use them.
    in_person_capacity = models.PositiveIntegerField(
        verbose_name=_("in person capacity"),
        null=True,
        blank=True,
        help_text=_("Seats in the venue. Empty: no in-person limit."),
    )
    online_capacity = models.PositiveIntegerField(
        verbose_name=_("online capacity"),
        null=True,
        blank=True,
        help_text=_("Empty: online participation is unlimited."),
    )
    registration_opens_at = models.DateTimeField(
        verbose_name=_("registration opens at"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        verbose_name=_("registration closes at"), null=True, blank=True
    )

    # Calendar identity: the UID never changes; SEQUENCE rises with every change an imported
    # entry must apply (dates, status, attendance mode, venue; see events.services) so
    # calendar programs update the entry they imported instead of adding a second one.
    calendar_uid = models.UUIDField(
        verbose_name=_("calendar uid"), default=uuid.uuid4, unique=True, editable=False
    )
    calendar_sequence = models.PositiveIntegerField(
        verbose_name=_("calendar sequence"), default=0, editable=False
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="conference_ends_after_start",
                violation_error_message=_("The conference must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="conference_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:conference_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The conference must end after it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_hybrid(self):
        return self.attendance_mode == self.AttendanceMode.HYBRID

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_postponed(self):
        return self.status == self.Status.POSTPONED

    @property
    def is_online_only(self):
        """Online only: offered that way, or moved online (the venue no longer applies)."""
        return (
            self.attendance_mode == self.AttendanceMode.ONLINE
            or self.status == self.Status.MOVED_ONLINE
        )

    @property
    def venue_label(self):
        parts = [self.venue_name, self.venue_city, self.venue_country.name]
        return ", ".join(part for part in parts if part)

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    @property
    def host_roles(self):
        """The hosting organisations' roles, in order (uses prefetched `roles`)."""
        return [role for role in self.roles.all() if role.role == ConferenceOrganisation.Role.HOST]

    @property
    def partner_roles(self):
        """Co-organisers and partners, in order (uses prefetched `roles`)."""
        return [role for role in self.roles.all() if role.role != ConferenceOrganisation.Role.HOST]


class ConferenceOrganisation(models.Model):
    """An organisation's part in a conference: host, co-organiser or partner."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        PARTNER = "partner", _("Partner")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="roles"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="conference_roles",
    )
    role = models.CharField(
        verbose_name=_("role"), max_length=20, choices=Role.choices, default=Role.CO_ORGANISER
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("conference organisation")
        verbose_name_plural = _("conference organisations")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organisation"],
                name="unique_organisation_per_conference",
                violation_error_message=_("This organisation already has a role here."),
            )
        ]

    def __str__(self):
        return f"{self.organisation.short_name}: {self.get_role_display()}"


class Goal(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.CharField(verbose_name=_("text"), max_length=500)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class Anniversary(models.Model):
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="anniversaries",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    years = models.PositiveSmallIntegerField(verbose_name=_("years"))
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("anniversary")
        verbose_name_plural = _("anniversaries")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.years} years of {self.organisation.short_name}"


class Topic(models.Model):
    """A discussion topic of the conference."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(verbose_name=_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class DateChange(models.Model):
    """One entry in a conference's date history: what the dates were and why they moved."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="date_changes",
    )
    previous_starts_at = models.DateTimeField(
        verbose_name=_("previous starts at"), null=True, blank=True
    )
    previous_ends_at = models.DateTimeField(
        verbose_name=_("previous ends at"), null=True, blank=True
    )
    previous_label = models.CharField(
        verbose_name=_("previous label"),
        max_length=100,
        blank=True,
        help_text=_("When exact dates were never set, e.g. “September 2021”."),
    )
    announced_on = models.DateField(verbose_name=_("announced on"), null=True, blank=True)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")
        ordering = ["-recorded_at", "-id"]
        get_latest_by = "recorded_at"

    def __str__(self):
        return _("Previously %(when)s") % {"when": self.previous_display}

    def clean(self):
        super().clean()
        if not self.previous_starts_at and not self.previous_label:
            raise ValidationError(_("Give the previous start or a label such as “September 2021”."))

    @property
    def previous_display(self):
        if self.previous_label:
            return self.previous_label
        local = self.previous_starts_at.astimezone(self.conference.zone)
        return date_format(local, "LONG_DATE_FORMAT")

    @property
    def previous_start_iso(self):
        """The previous start as ISO 8601: a full instant, or the month of a label."""
        if self.previous_starts_at:
            return self.previous_starts_at.astimezone(self.conference.zone).isoformat()
        try:
            return datetime.strptime(self.previous_label.strip(), "%B %Y").strftime("%Y-%m")
        except ValueError:
            return None


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


class Enquiry(models.Model):
    """A "Request more information" message from a visitor."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="enquiries"
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    email = models.EmailField(verbose_name=_("email"), max_length=254)
    organisation = models.CharField(verbose_name=_("organisation"), max_length=200, blank=True)
    message = models.TextField(verbose_name=_("message"), max_length=5000)
    consent = models.BooleanField(verbose_name=_("consent"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    handled = models.BooleanField(verbose_name=_("handled"), default=False)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="enquiry_requires_consent")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

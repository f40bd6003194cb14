"""The conference: its titles, dates, place, zone, modes and capacities."""

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use an IANA name such as Europe/Paris."),
            params={"value": value},
        )


def default_time_zone():
    """A new conference's zone until organisers set it: settings.CONFERENCE_TIME_ZONE."""
    return settings.CONFERENCE_TIME_ZONE


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
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("IANA name of the venue's time zone, e.g. Europe/Paris."),
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

    # How the conference speaks in mail: each conference its own sender, reply-to, subject
    # prefix and signature; settings keep only the fallbacks (DEFAULT_FROM_EMAIL).
    short_name = models.CharField(
        verbose_name=_("short name"),
        max_length=40,
        blank=True,
        help_text=_("Begins the subject of every mail, e.g. “STBC 2027”. Empty: the title."),
    )
    mail_sender_name = models.CharField(
        verbose_name=_("sender name"),
        max_length=100,
        blank=True,
        help_text=_("The name mail comes from. Empty: the short name."),
    )
    mail_sender_address = models.EmailField(
        verbose_name=_("sender address"),
        blank=True,
        help_text=_("The address mail comes from. Empty: the site's default sender."),
    )
    mail_reply_to = models.EmailField(
        verbose_name=_("reply-to address"),
        blank=True,
        help_text=_("Where replies to the conference's mail go. Empty: the contact address."),
    )
    mail_signature = models.TextField(
        verbose_name=_("mail signature"),
        blank=True,
        help_text=_("Closes every mail, e.g. the organising committee's name and address."),
    )
    # Who controls the personal data registration collects (the "operator" the consent
    # texts name, privacy/templates/privacy/includes/operator.html). Empty: the site's
    # operator (settings SITE_OPERATOR, SITE_OPERATOR_ADDRESS).
    data_controller = models.CharField(
        verbose_name=_("data controller"),
        max_length=200,
        blank=True,
        help_text=_("Who controls the attendees' personal data, e.g. the host university."),
    )
    data_controller_address = models.CharField(
        verbose_name=_("data controller's address"),
        max_length=300,
        blank=True,
        help_text=_("The data controller's postal address, as the consent texts give it."),
    )
    audience_time_zones = models.JSONField(
        verbose_name=_("audience time zones"),
        default=list,
        blank=True,
        help_text=_(
            "IANA zones where the audience lives, most important first: the zone picker offers "
            "them first and the programme keeps sessions inside their waking hours."
        ),
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

    # The zone picker and the waking-hours table stay readable with this many places.
    AUDIENCE_ZONE_LIMIT = 8

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
        zones = self.audience_time_zones or []
        if not isinstance(zones, list) or any(
            not isinstance(name, str) or name not in zoneinfo.available_timezones()
            for name in zones
        ):
            raise ValidationError(
                {
                    "audience_time_zones": _(
                        "Audience time zones are a list of IANA names such as Europe/Paris."
                    )
                }
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
    def in_person_label(self):
        """'In person in <city>' with the conference's own city in the active language, or
        'In person' when it has none."""
        if self.venue_city:
            return _("In person in %(city)s") % {"city": self.venue_city}
        return str(_("In person"))

    @property
    def venue_label(self):
        parts = [self.venue_name, self.venue_city, self.venue_country.name]
        return ", ".join(part for part in parts if part)

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    @property
    def host_roles(self):
        """The hosting organisations' roles, in order (uses prefetched `roles`)."""
        return [role for role in self.roles.all() if role.role == role.Role.HOST]

    @property
    def partner_roles(self):
        """Co-organisers and partners, in order (uses prefetched `roles`)."""
        return [role for role in self.roles.all() if role.role != role.Role.HOST]

"""Tickets of confirmed in-person attendees and their check-ins at the door.

The rules (who may be checked in, once per day) live in ``attending/services.py``; the
models hold the data and what the database can enforce.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference_site.storage import private_storage
from events.models import Conference, Session
from events.regions import Region
from registration.models import Registration

# Upper-case letters and digits without the look-alikes (0/O, 1/I/L, U/V): easy to read out
# over a desk, and QR alphanumeric mode encodes them compactly.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12  # 29**12, about 58 bits: not guessable at a desk or online


def new_ticket_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value):
    """What a person typed or a scanner read, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


class Ticket(models.Model):
    """The check-in token of a registration: random and stored, unrelated to the manage link,
    so a photographed badge lets someone in at the door and nothing more."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="ticket",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("ticket code"), max_length=20, unique=True, default=new_ticket_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """The code in groups of four, as printed and mailed: ABCD-EFGH-JKMN."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class CheckInQuerySet(models.QuerySet):
    def counts_per_day(self, conference):
        """Arrivals per conference day, one query, one row per day."""
        return (
            self.filter(conference=conference)
            .values("day")
            .annotate(arrivals=models.Count("id"))
            .order_by("day")
        )


class CheckIn(models.Model):
    """One arrival of a ticket's holder on one conference day (in the conference's time zone)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("ticket")
    )
    # The ticket's conference, kept here so the counts per day read one table.
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="+", verbose_name=_("conference")
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("checked in at"))
    desk = models.CharField(_("desk"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        default_permissions = ["view"]
        permissions = [("check_in", _("Can check attendees in at the door"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "day"], name="one_check_in_per_ticket_per_day"
            )
        ]
        indexes = [models.Index(fields=["conference", "day"])]

    def __str__(self):
        return f"{self.ticket} {self.day}"


class SessionJoinQuerySet(models.QuerySet):
    def sessions_joined(self, registration):
        """How many different sessions a registration joined (for certificates)."""
        return self.filter(registration=registration).values("session").distinct().count()


class SessionJoin(models.Model):
    """One use of an online participant's personal join link: who joined which session, when.
    Written by the join redirect (``/join/<session>/<token>/``), read for certificates."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="session_joins",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    at = models.DateTimeField(_("joined at"))
    # Which of the session's join options the link led to (kept when the option is deleted).
    option = models.ForeignKey(
        "JoinOption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joins",
        verbose_name=_("join option"),
    )

    objects = SessionJoinQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("session join")
        verbose_name_plural = _("session joins")
        default_permissions = ["view"]
        indexes = [models.Index(fields=["registration", "session"])]

    def __str__(self):
        return f"{self.registration_id} {self.session_id} {self.at:%Y-%m-%d %H:%M}"


# --- Joining online sessions ----------------------------------------------------------
# The rules (who may join when, revoking a link) live in attending/joins.py.


class OnlineSession(Session):
    """A session as the online team sees it: its join options and slides (the admin's
    "Online sessions"). A proxy, so events knows nothing of join options."""

    class Meta:
        proxy = True
        verbose_name = _("online session")
        verbose_name_plural = _("online sessions")


class JoinOption(models.Model):
    """One way to join a session online (a VooV room, a Bilibili stream, a Zoom meeting),
    offered first to the participants of the regions it is meant for and to everyone on
    request. Its URL is shown to nobody: participants reach it through their personal
    redirect, ``/join/<session>/<token>/<option>/``."""

    class Platform(models.TextChoices):
        VOOV = "voov", _("VooV Meeting")
        TENCENT = "tencent", _("Tencent Meeting")
        BILIBILI = "bilibili", _("Bilibili")
        ZOOM = "zoom", _("Zoom")
        YOUTUBE = "youtube", _("YouTube")
        TEAMS = "teams", _("Microsoft Teams")
        JITSI = "jitsi", _("Jitsi Meet")
        VK = "vk", _("VK Video")
        OTHER = "other", _("Other platform")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="join_options", verbose_name=_("session")
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_(
            "What participants read beside the platform, e.g. “Main hall, with interpreting”."
        ),
    )
    url = models.URLField(
        _("platform URL"),
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Never shown: participants reach it through their personal join link."),
    )
    access_note = models.CharField(
        _("access note"),
        max_length=200,
        blank=True,
        help_text=_("Meeting ID, passcode: shown only on confirmed participants' pages."),
    )
    for_china = models.BooleanField(_("for China"), default=False)
    for_europe = models.BooleanField(_("for Europe"), default=False)
    for_russia = models.BooleanField(_("for Russia"), default=False)
    for_other = models.BooleanField(_("for other countries"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("join option")
        verbose_name_plural = _("join options")
        constraints = [
            models.CheckConstraint(
                condition=Q(for_china=True)
                | Q(for_europe=True)
                | Q(for_russia=True)
                | Q(for_other=True),
                name="join_option_for_some_region",
                violation_error_message=_("Choose at least one region for this join option."),
            )
        ]

    REGION_FIELDS = {
        Region.CHINA: "for_china",
        Region.EUROPE: "for_europe",
        Region.RUSSIA: "for_russia",
        Region.OTHER: "for_other",
    }

    def __str__(self):
        return self.title

    @property
    def title(self):
        platform = self.get_platform_display()
        return f"{platform}: {self.label}" if self.label else str(platform)

    @property
    def regions(self):
        return [region for region, field in self.REGION_FIELDS.items() if getattr(self, field)]

    @property
    def region_labels(self):
        return [Region(region).label for region in self.regions]

    def is_for(self, region):
        return getattr(self, self.REGION_FIELDS[Region(region)])

    def clean(self):
        super().clean()
        if not self.regions:
            raise ValidationError(_("Choose at least one region for this join option."))


def new_join_secret():
    return secrets.token_urlsafe(24)


class JoinPassQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class JoinPass(models.Model):
    """A registration's personal join link token: ``<public id><secret>`` in the URL, the
    public id finds the row, the secret is compared in constant time. Not the manage token
    (a shared join link must not give control of the registration) nor the ticket code.
    Organisers revoke it; a new one is issued the next time the participant's page is shown
    (or at once, by the admin's "revoke and reissue"). A revoked pass is kept, so its old
    link says it was revoked instead of "unknown"."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="join_passes",
        verbose_name=_("registration"),
    )
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    secret = models.CharField(
        max_length=64, default=new_join_secret, editable=False, verbose_name=_("secret")
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = JoinPassQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("join link")
        verbose_name_plural = _("join links")
        permissions = [("revoke_joinpass", _("Can revoke and reissue join links"))]
        default_permissions = ["view"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_join_pass_per_registration",
            )
        ]

    def __str__(self):
        return f"{self.public_id.hex[:8]}…"

    @property
    def token(self):
        return f"{self.public_id.hex}{self.secret}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


def slides_storage():
    """Uploaded slides are kept outside MEDIA_ROOT (never served by the web server) and
    reach participants only through the token-checked view in attending/join_views.py."""
    return private_storage


def slides_path(instance, filename):
    return f"slides/{instance.session_id}/{uuid.uuid4().hex}.pdf"


class SessionMaterial(models.Model):
    """What participants get after a session besides its recording (Session.recording_url):
    slides as a link or an uploaded PDF, shown on confirmed participants' manage pages."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="material", verbose_name=_("session")
    )
    slides_url = models.URLField(
        _("slides URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https", "http"])],
    )
    slides_file = models.FileField(
        _("slides (PDF)"),
        upload_to=slides_path,
        storage=slides_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_(
            "A PDF of at most 50 MB, kept private: participants download it through "
            "their personal link."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["session"]
        verbose_name = _("slides")
        verbose_name_plural = _("slides")
        constraints = [
            models.CheckConstraint(
                condition=~(~Q(slides_url="") & ~Q(slides_file="")),
                name="slides_as_link_or_file_not_both",
                violation_error_message=_("Give the slides as a link or as a PDF, not both."),
            )
        ]

    def __str__(self):
        return str(self.session)

    def clean(self):
        super().clean()
        if self.slides_url and self.slides_file:
            raise ValidationError(_("Give the slides as a link or as a PDF, not both."))

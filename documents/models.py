"""Documents made for attendees: the registration letter, name badges, certificates of
attendance, and the verification codes printed on them.

The rules (who gets which document, what a code proves) live in ``documents/services.py``;
the models hold the data and what the database can enforce.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from registration.models import Registration

# As tickets' codes (attending/models.py): upper-case letters and digits without look-alikes,
# easy to type from paper; 29**12 (about 58 bits) is not guessable at the rate limit.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value):
    """What a person typed (any case, spaces or dashes) as stored."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


def display_code(code):
    """ABCD-EFGH-JKMN, as printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Kind(models.TextChoices):
    LETTER = "letter", _("Registration confirmation letter")
    CERTIFICATE = "certificate", _("Certificate of attendance")


class VerificationCode(models.Model):
    """The random code printed on one document of one registration (one per kind), which
    the public verification page looks up. Stored, unrelated to the manage link or ticket."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="verification_codes",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("verification code"),
        max_length=20,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        default_permissions = ["view"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="one_verification_code_per_document"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["letter", "certificate"]),
                name="verification_code_kind_known",
            ),
        ]

    def __str__(self):
        return self.display_code

    # No get_absolute_url: the code is a bearer secret (its page names the holder); the
    # admin's "view on site" would hand every code to any staff account. The printed
    # documents build its address (documents/printing.py verify_url).

    @property
    def display_code(self):
        return display_code(self.code)


class CertificateRule(models.Model):
    """How many sessions an online participant of a conference must have joined (through
    their personal join links) to earn a certificate of attendance."""

    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="certificate_rule",
        verbose_name=_("conference"),
    )
    min_sessions_joined = models.PositiveSmallIntegerField(
        _("sessions to join online"),
        default=3,
        help_text=_(
            "An online participant who joined at least this many different sessions gets a "
            "certificate of attendance."
        ),
    )

    class Meta:
        ordering = ["-conference__starts_at"]
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_sessions_joined__gte=1), name="certificate_rule_at_least_one"
            )
        ]

    def __str__(self):
        return str(self.conference)

    def clean(self):
        super().clean()
        if self.min_sessions_joined is not None and self.min_sessions_joined < 1:
            raise ValidationError(
                {"min_sessions_joined": _("At least one session: a certificate needs some.")}
            )


DEFAULT_MIN_SESSIONS_JOINED = 3


class CertificateDecision(models.Model):
    """The organisers' word on one registration's certificate, which overrides the rules:
    issued (e.g. joined by phone, the desk forgot the check-in) or withheld, with a reason.
    Made and changed only through documents.services.decide_certificate."""

    class Decision(models.TextChoices):
        ISSUED = "issued", _("Issued by hand")
        WITHHELD = "withheld", _("Withheld")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate_decision",
        verbose_name=_("registration"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("certificate decision")
        verbose_name_plural = _("certificate decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["issued", "withheld"]),
                name="certificate_decision_known",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="certificate_decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.registration.full_name}: {self.get_decision_display()}"

    def clean(self):
        super().clean()
        if self.reason and not self.reason.strip():  # empty: the field's own "required"
            raise ValidationError({"reason": _("Say why: attendees may ask.")})


class Badge(models.Model):
    """The role printed on a registration's badge, set by organisers. Without a record a
    badge says "Participant": the programme's speakers are separate records with no link to
    registrations, so a name match is not trusted to make someone a speaker."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        SPEAKER = "speaker", _("Speaker")
        ORGANISER = "organiser", _("Organiser")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="badge",
        verbose_name=_("registration"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )

    class Meta:
        ordering = ["registration__family_name", "registration__given_name", "id"]
        verbose_name = _("badge role")
        verbose_name_plural = _("badge roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["participant", "speaker", "organiser"]),
                name="badge_role_known",
            )
        ]

    def __str__(self):
        return f"{self.registration.full_name}: {self.get_role_display()}"


class BadgeAttendee(Registration):
    """Registrations as the badge printer sees them (the admin's "Badges" list): its own
    permissions, so check-in staff may print badges without managing registrations."""

    class Meta:
        proxy = True
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        default_permissions = ["view"]
        permissions = [("print_badges", _("Can print name badges"))]


class Layout(models.TextChoices):
    A6 = "a6", _("One badge per A6 page")
    A4 = "a4", _("Four badges per A4 sheet, with cut lines")


def batch_upload_to(instance, filename):
    # Kept for migration 0001 (badge print runs are background jobs now).
    return f"badges/{instance.conference_id}/{filename}"

"""The institutions whose staff may attend in person, recognised by their mail domains, and the
invitation codes organisers hand to selected guests.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Conference, Organisation

domain_validator = RegexValidator(
    r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$",
    _("Enter a domain such as tpu.ru: lower case, no “@”, at least one dot."),
)


class MemberInstitution(models.Model):
    """A university whose staff and students may attend in person, recognised by the
    domains of their email addresses."""

    name = models.CharField(max_length=200, unique=True, verbose_name=_("institution name"))
    country = CountryField(blank=True, verbose_name=_("country"))
    networks = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="member_institutions",
        limit_choices_to={"kind": Organisation.Kind.NETWORK},
        help_text=_(
            "The networks it belongs to (e.g. ASRTU, CESAER). Its staff are eligible for "
            "conferences that one of these networks organises; with no network listed, "
            "for every conference."
        ),
        verbose_name=_("networks"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))

    class Meta:
        verbose_name = _("member institution")
        verbose_name_plural = _("member institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberDomain(models.Model):
    """An email domain of a member institution; sub-domains match too (cs.tpu.ru for tpu.ru)."""

    institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("member institution"),
    )
    domain = models.CharField(
        max_length=253, unique=True, validators=[domain_validator], verbose_name=_("domain")
    )

    class Meta:
        verbose_name = _("member domain")
        verbose_name_plural = _("member domains")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class InvitationCodeQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_count__lt=F("max_uses")).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class InvitationCode(models.Model):
    """A code organisers give selected guests so they may attend in person."""

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="invitation_codes",
        verbose_name=_("conference"),
    )
    code = models.CharField(
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9-]{6,40}$", _("6 to 40 letters, digits or -."))],
        help_text=_("What the guest types into the form; letters, digits and dashes."),
        verbose_name=_("code"),
    )
    max_uses = models.PositiveIntegerField(default=1, verbose_name=_("maximum uses"))
    used_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("times used")
    )
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires at"))
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For organisers: who received it."),
        verbose_name=_("note"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = InvitationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                "conference",
                name="unique_invitation_code_per_conference",
                violation_error_message=_("This conference already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(used_count__lte=F("max_uses")),
                name="invitation_code_within_max_uses",
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.max_uses is not None and self.max_uses < self.used_count:
            raise ValidationError(
                {
                    "max_uses": _(
                        "Already used %(count)d times: the limit cannot be lower than that."
                    )
                    % {"count": self.used_count}
                }
            )

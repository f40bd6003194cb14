"""Who organises a conference: organisations and their part (host, co-organiser, partner)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models.conference import Conference


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

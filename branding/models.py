"""A conference's look: its colour, its logo and pictures, and the logos of organisations
shown in the footer of its pages. Files are public (MEDIA_ROOT, the default storage), like
organisations' logos; every upload is checked in branding.validators."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from branding.validators import image_size, validate_logo, validate_picture, validate_primary_colour
from events.models import Conference, Organisation

DEFAULT_COLOUR = "#0b5d3b"  # the site's own accent (static/css/site.css)


class Branding(models.Model):
    conference = models.OneToOneField(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="branding",
    )
    primary_colour = models.CharField(
        verbose_name=_("primary colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_primary_colour],
        help_text=_(
            "# and six hexadecimal digits. Used for the header, buttons and the social "
            "preview image; it must keep a WCAG AA contrast of 4.5:1 with white."
        ),
    )
    logo = models.FileField(
        verbose_name=_("logo"),
        upload_to="branding/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("SVG or PNG, at most 1 MB. SVG files with scripts or links are refused."),
    )
    logo_width = models.PositiveIntegerField(
        verbose_name=_("logo width"), null=True, blank=True, editable=False
    )
    logo_height = models.PositiveIntegerField(
        verbose_name=_("logo height"), null=True, blank=True, editable=False
    )
    header_image = models.FileField(
        verbose_name=_("header image"),
        upload_to="branding/headers/",
        blank=True,
        validators=[validate_picture],
        help_text=_("Optional. JPEG or PNG, at most 5 MB."),
    )
    og_image = models.FileField(
        verbose_name=_("social preview image"),
        upload_to="branding/og/",
        blank=True,
        validators=[validate_picture],
        help_text=_(
            "Optional. JPEG or PNG, 1200x630 pixels, at most 5 MB. Without one, an image "
            "is made from the title, dates, city and colour in each language."
        ),
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")
        ordering = ["conference"]

    def __str__(self):
        return str(self.conference)

    def save(self, *args, **kwargs):
        self.primary_colour = (self.primary_colour or DEFAULT_COLOUR).lower()
        size = image_size(self.logo) if self.logo else None
        self.logo_width, self.logo_height = size or (None, None)
        super().save(*args, **kwargs)


class OrganisationLogo(models.Model):
    """The logo an organisation is shown with in the footer of the conferences it has a
    part in (host, co-organiser, partner)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="footer_logo",
    )
    file = models.FileField(
        verbose_name=_("logo"),
        upload_to="branding/organisations/",
        validators=[validate_logo],
        help_text=_("SVG or PNG, at most 1 MB. SVG files with scripts or links are refused."),
    )
    width = models.PositiveIntegerField(
        verbose_name=_("width"), null=True, blank=True, editable=False
    )
    height = models.PositiveIntegerField(
        verbose_name=_("height"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("organisation logo")
        verbose_name_plural = _("organisation logos")
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    def save(self, *args, **kwargs):
        size = image_size(self.file) if self.file else None
        self.width, self.height = size or (None, None)
        super().save(*args, **kwargs)

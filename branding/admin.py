"""Organisers set a conference's look here, with a preview of the colour under and as text
and of the images. The preview uses an <svg> with fill attributes and CSS classes: the
Content Security Policy forbids inline style attributes."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branding import services
from branding.contrast import WHITE, contrast_ratio
from branding.models import Branding, OrganisationLogo
from teams.admin import ConferenceScopedAdmin


def _thumbnail(url, alt):
    return format_html('<img class="branding-thumb" src="{}" alt="{}" height="80">', url, alt)


@admin.register(Branding)
class BrandingAdmin(ConferenceScopedAdmin, admin.ModelAdmin):
    list_display = ["conference", "primary_colour", "has_logo", "updated_at"]
    list_select_related = ["conference"]
    search_fields = ["conference__title"]
    autocomplete_fields = ["conference"]
    readonly_fields = ["preview", "updated_at"]
    fields = ["conference", "primary_colour", "logo", "header_image", "og_image", "preview"]

    @admin.display(description=_("logo"), boolean=True)
    def has_logo(self, branding):
        return bool(branding.logo)

    @admin.display(description=_("preview"))
    def preview(self, branding):
        if branding.pk is None:
            return gettext("Save to see a preview.")
        colour = branding.primary_colour
        ratio = contrast_ratio(colour, WHITE)
        sample = gettext("Sample text")
        swatch = format_html(
            '<svg class="branding-swatch" width="360" height="96" viewBox="0 0 360 96" '
            'role="img" aria-label="{label}">'
            '<rect width="180" height="96" fill="{colour}"/>'
            '<text x="12" y="56" fill="#ffffff" font-size="20">{sample}</text>'
            '<rect x="180" width="180" height="96" fill="#ffffff"/>'
            '<text x="192" y="56" fill="{colour}" font-size="20">{sample}</text>'
            "</svg>",
            label=gettext("The colour under white text and as text on white"),
            colour=colour,
            sample=sample,
        )
        parts = [
            (swatch,),
            (gettext("Contrast with white: %(ratio).2f:1") % {"ratio": ratio},),
        ]
        if branding.logo:
            parts.append((_thumbnail(branding.logo.url, gettext("Logo")),))
        if branding.header_image:
            parts.append((_thumbnail(branding.header_image.url, gettext("Header image")),))
        language = "en"
        og_url = reverse(
            "branding:og_image", kwargs={"slug": branding.conference.slug, "language": language}
        )
        parts.append((_thumbnail(og_url, gettext("Social preview image")),))
        return format_html_join("", '<p class="branding-preview">{}</p>', parts)

    def save_model(self, request, obj, form, change):
        services.save_branding(branding=obj)


@admin.register(OrganisationLogo)
class OrganisationLogoAdmin(admin.ModelAdmin):
    list_display = ["organisation", "file"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, logo):
        if not logo.file:
            return "-"
        return _thumbnail(logo.file.url, str(logo.organisation))

    def save_model(self, request, obj, form, change):
        services.save_organisation_logo(logo=obj)

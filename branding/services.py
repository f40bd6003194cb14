"""What a conference's pages show of its look, and the one door through which organisers
change it."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Value

from branding.models import Branding, OrganisationLogo
from events import page_cache

# The header shows the logo at this height (static/css/site.css, .brand-logo); the footer
# shows organisations' logos at FOOTER_LOGO_HEIGHT.
HEADER_LOGO_HEIGHT = 48
FOOTER_LOGO_HEIGHT = 40


@dataclass(frozen=True)
class Logo:
    url: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class Theme:
    colour: str
    version: str  # changes with the colour: busts the stylesheet's cached copy
    logo: Logo | None
    organisation_logos: tuple
    header_image: str = ""  # its URL; the event page shows it as a banner (static/css/event.css)


def _scaled(url, alt, width, height, target):
    if width and height:
        return Logo(url=url, alt=alt, width=round(width * target / height), height=target)
    return Logo(url=url, alt=alt, width=target, height=target)


NO_THEME = Theme(colour="", version="", logo=None, organisation_logos=())


def theme_for(conference):
    """The branding of ``conference`` and its organisations' logos (NO_THEME when there is
    nothing to show): one query the first time a page of the conference is drawn after an
    organiser's save, then kept in the process until the next one (events.page_cache)."""
    return page_cache.remember_in_process(
        f"branding-theme:{conference.pk}", lambda: _read_theme(conference)
    )


def _read_theme(conference):
    """One query: the conference's own row first, its organisations' logos after, in their
    order on the conference."""
    brand = (
        Branding.objects.filter(conference_id=conference.pk)
        .annotate(
            kind=Value("brand"),
            name=Value(""),
            position=Value(-1),
            file_name=F("logo"),
            width=F("logo_width"),
            height=F("logo_height"),
            colour=F("primary_colour"),
            header=F("header_image"),
        )
        .values_list("kind", "colour", "file_name", "name", "width", "height", "position", "header")
        .order_by()
    )
    organisations = (
        OrganisationLogo.objects.filter(organisation__conference_roles__conference_id=conference.pk)
        .annotate(
            kind=Value("organisation"),
            colour=Value(""),
            name=F("organisation__name"),
            position=F("organisation__conference_roles__order"),
            file_name=F("file"),
            header=Value(""),
        )
        .values_list("kind", "colour", "file_name", "name", "width", "height", "position", "header")
        .order_by()
    )
    rows = list(brand.union(organisations, all=True).order_by("position", "name"))
    if not rows:
        return NO_THEME
    storage = Branding._meta.get_field("logo").storage
    colour, logo, logos, header = None, None, [], ""
    for kind, row_colour, file_name, name, width, height, _position, header_file in rows:
        if kind == "brand":
            colour = row_colour
            header = storage.url(header_file) if header_file else ""
            if file_name:
                logo = _scaled(
                    storage.url(file_name), conference.title, width, height, HEADER_LOGO_HEIGHT
                )
        elif file_name:
            logos.append(_scaled(storage.url(file_name), name, width, height, FOOTER_LOGO_HEIGHT))
    return Theme(
        colour=colour or "",
        version=(colour or "").lstrip("#"),
        logo=logo,
        organisation_logos=tuple(logos),
        header_image=header,
    )


def save_branding(*, branding):
    """Saves what an organiser set for a conference's look (the fields are checked by the
    model's validators through the admin's form). Cached public pages are dropped by the
    save signal (branding.apps)."""
    with transaction.atomic():
        branding.save()
    return branding


def save_organisation_logo(*, logo):
    with transaction.atomic():
        logo.save()
    return logo


__all__ = ["Logo", "Theme", "save_branding", "save_organisation_logo", "theme_for"]

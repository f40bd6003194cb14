"""The world regions the conference is timed and streamed for: China, Europe, Russia, other.

Join options are offered per region (a VooV room for China, Zoom elsewhere), organisers
write to a region, and the dashboard counts by region. A country's region comes from CLDR's
time-zone data (through Babel): a country with a time zone named ``Europe/...`` is in
Europe. Russia and China are regions of their own. Hong Kong, Macao and Taiwan are "other":
the region of China is about which platforms open there.
"""

from functools import cache

from babel.core import get_global
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    CHINA = "china", _("China")
    EUROPE = "europe", _("Europe")
    RUSSIA = "russia", _("Russia")
    OTHER = "other", _("other countries")


# European countries whose CLDR zones are all named Atlantic/... or Asia/...
_EUROPE_BY_HAND = frozenset({"IS", "FO", "CY", "XK"})


@cache
def european_countries():
    zones = get_global("territory_zones")
    by_zone = {
        country
        for country, names in zones.items()
        if any(name.startswith("Europe/") for name in names)
    }
    return frozenset((by_zone | _EUROPE_BY_HAND) - {"RU"})


def region_of_country(country):
    """The region of an ISO 3166 alpha-2 code (or a django-countries Country); "other" when
    unknown or empty."""
    code = str(getattr(country, "code", country) or "").upper()
    if code == "CN":
        return Region.CHINA
    if code == "RU":
        return Region.RUSSIA
    if code in european_countries():
        return Region.EUROPE
    return Region.OTHER


def countries_in(region):
    """The country codes of a region, for filtering a queryset by country. None for "other",
    which is every country not in the three named regions (use exclude with
    :func:`named_region_countries`)."""
    if region == Region.CHINA:
        return frozenset({"CN"})
    if region == Region.RUSSIA:
        return frozenset({"RU"})
    if region == Region.EUROPE:
        return european_countries()
    return None


def named_region_countries():
    return european_countries() | {"CN", "RU"}

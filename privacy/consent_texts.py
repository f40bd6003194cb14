"""The consent document: one text per purpose and version, each a page of its own.

Since 2025-09-01 Russian law (152-FZ art. 9 part 1, as amended by Federal Law 156-FZ)
asks that consent to processing be a document separate from any other, such as the
privacy notice. Each text names the operator, the purpose, the data, what is done with
them, who receives them, for how long, and how to withdraw (art. 9 part 4).

A text never changes once people have agreed to it: a changed text is a new template
under a new version, added at the end of its purpose's list below, and the old one stays
so that every recorded consent still shows what the person read. A consent records the
version it was given to (privacy.models.Consent.version).

The texts of 2026-12-07 name one operator, word for word; from 2026-12-08 on, the operator
is the conference's data controller (Conference.data_controller and its address), or the
site's operator (settings SITE_OPERATOR, SITE_OPERATOR_ADDRESS) for a page reached without
a conference, and the visa text names the host country's authorities, not one country's.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from events.models import Conference
from privacy.models import Purpose

VERSIONS = {
    Purpose.REGISTRATION: ["2026-12-07", "2026-12-08"],
    Purpose.VISA: ["2026-12-07", "2026-12-08"],
    Purpose.PHOTOS: ["2026-12-07", "2026-12-08"],
    Purpose.NEWS: ["2026-12-07", "2026-12-08"],
}


def current_version(purpose):
    return VERSIONS[Purpose(purpose)][-1]


def template_name(purpose, version):
    """The template of one text, or Http404 for an unknown purpose or version."""
    if purpose not in Purpose.values or version not in VERSIONS[Purpose(purpose)]:
        raise Http404
    return f"privacy/consent/{purpose}-{version}.html"


def document_url(purpose, version=None, conference=None):
    """The page of a text (the current version unless one is given), in the active
    language, naming ``conference``'s data controller when one is given."""
    url = reverse(
        "privacy:consent_text",
        kwargs={"purpose": purpose, "version": version or current_version(purpose)},
    )
    if conference is not None:
        url = f"{url}?{urlencode({'conference': conference.slug})}"
    return url


def operator(conference=None):
    """(name, address) of the operator a text names, in the active language: the
    conference's data controller when it names one, else the site's operator."""
    if conference is not None and conference.data_controller:
        return conference.data_controller, conference.data_controller_address
    return settings.SITE_OPERATOR, settings.SITE_OPERATOR_ADDRESS


def conference_named(slug):
    """The conference a text's page was asked for (``?conference=``), or None."""
    if not slug or not isinstance(slug, str):
        return None
    return Conference.objects.filter(slug=slug).first()

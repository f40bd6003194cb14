"""The consent document: one text per purpose and version, each a page of its own.

Since 2025-09-01 Russian law (152-FZ art. 9 part 1, as amended by Federal Law 156-FZ)
asks that consent to processing be a document separate from any other, such as the
privacy notice. Each text names the operator, the purpose, the data, what is done with
them, who receives them, for how long, and how to withdraw (art. 9 part 4).

A text never changes once people have agreed to it: a changed text is a new template
under a new version, added at the end of its purpose's list below, and the old one stays
so that every recorded consent still shows what the person read. A consent records the
version it was given to (privacy.models.Consent.version).
"""

from django.http import Http404
from django.urls import reverse

from privacy.models import Purpose

VERSIONS = {
    Purpose.REGISTRATION: ["2026-12-07"],
    Purpose.VISA: ["2026-12-07"],
    Purpose.PHOTOS: ["2026-12-07"],
    Purpose.NEWS: ["2026-12-07"],
}


def current_version(purpose):
    return VERSIONS[Purpose(purpose)][-1]


def template_name(purpose, version):
    """The template of one text, or Http404 for an unknown purpose or version."""
    if purpose not in Purpose.values or version not in VERSIONS[Purpose(purpose)]:
        raise Http404
    return f"privacy/consent/{purpose}-{version}.html"


def document_url(purpose, version=None):
    """The page of a text (the current version unless one is given), in the active language."""
    return reverse(
        "privacy:consent_text",
        kwargs={"purpose": purpose, "version": version or current_version(purpose)},
    )

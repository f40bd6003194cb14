"""Where an app built on registration adds a part to the attendee's manage page and emails,
without registration importing it.

Registration knows nothing of the apps that build on it (the arrow points from them to
registration, as it points from registration to events). An app such as ``attending`` adds
an :class:`AttendeePart` from its ``AppConfig.ready()``; the manage view and the email
builder ask :func:`parts_for` which parts a registration has, and the templates include each
part's own template. A part that has nothing to show for a registration returns None.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

_parts = {}


@dataclass(frozen=True)
class AttendeePart:
    name: str
    # registration -> dict for the part's templates, or None when it shows nothing
    context: Callable
    manage_template: str
    email_html_template: str
    email_text_template: str
    # the email kinds (registration/emails.py KINDS) that carry the part
    email_kinds: frozenset = frozenset()


@dataclass(frozen=True)
class ShownPart:
    template: str
    text_template: str
    data: dict


def add_part(part):
    """Called once per part from an AppConfig.ready(); adding the same name again replaces it."""
    _parts[part.name] = part


def parts_for(registration, *, email_kind=None):
    """The parts the manage page (no email_kind) or an email of that kind shows."""
    shown = []
    for part in _parts.values():
        if email_kind is not None and email_kind not in part.email_kinds:
            continue
        data = part.context(registration)
        if data is None:
            continue
        if email_kind is None:
            shown.append(ShownPart(part.manage_template, "", data))
        else:
            shown.append(ShownPart(part.email_html_template, part.email_text_template, data))
    return shown


# --- Personal join links -----------------------------------------------------------------
# The app that decides who may join which session online (attending) provides each
# registration's personal join links; the manage page's programme, the personal calendar
# feed and the session-change mails show them. The platform's own URL appears nowhere.

_join_links_provider = None


def set_join_links(provider):
    """Called once from an AppConfig.ready(): ``provider(registration, session_ids=None)``
    returns ``{session_id: path}`` of the sessions the registration may join (of
    ``session_ids`` only, when given), in one or two queries whatever the number of
    sessions. Setting it again replaces it."""
    global _join_links_provider
    _join_links_provider = provider


def join_links_for(registration, *, session_ids=None, absolute=False):
    """{session_id: the registration's personal join link} for the sessions it may join (of
    `session_ids` only, when given), in the active language: a path for the person's own
    pages, a SITE_URL-based URL with `absolute` (calendar files, emails); {} when no app
    provides them."""
    if _join_links_provider is None:
        return {}
    links = _join_links_provider(registration, session_ids=session_ids)
    if absolute:
        return {session_id: f"{settings.SITE_URL}{path}" for session_id, path in links.items()}
    return links

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
    # where the manage page shows it: "main" (after the status) or "end" (after the
    # person's details and answers)
    manage_slot: str = "main"


@dataclass(frozen=True)
class ShownPart:
    template: str
    text_template: str
    data: dict
    # the part's name (AttendeePart.name): the manage page's status card links to some
    name: str = ""


def add_part(part):
    """Called once per part from an AppConfig.ready(); adding the same name again replaces it."""
    _parts[part.name] = part


def parts_for(registration, *, email_kind=None, slot="main"):
    """The parts the manage page (no email_kind; in `slot`) or an email of that kind shows."""
    shown = []
    for part in _parts.values():
        if email_kind is not None and email_kind not in part.email_kinds:
            continue
        if email_kind is None and part.manage_slot != slot:
            continue
        data = part.context(registration)
        if data is None:
            continue
        if email_kind is None:
            shown.append(ShownPart(part.manage_template, "", data, part.name))
        else:
            shown.append(
                ShownPart(part.email_html_template, part.email_text_template, data, part.name)
            )
    return shown


# --- Personal join links -----------------------------------------------------------------
# The app that decides who may join which session online (attending) provides each
# registration's personal join links; the manage page's programme, the personal calendar
# feed and the session-change mails show them. The platform's own URL appears nowhere.

_join_links_provider = None
_join_links_many_provider = None


def set_join_links(provider, *, many=None):
    """Called once from an AppConfig.ready(): ``provider(registration, session_ids=None)``
    returns ``{session_id: path}`` of the sessions the registration may join (of
    ``session_ids`` only, when given), in one or two queries whatever the number of
    sessions; ``many(registrations, session_ids=None)`` returns ``{registration id:
    {session_id: path}}`` for many registrations of one conference in a few queries
    whatever their number (the mail engine's batches). Setting it again replaces both."""
    global _join_links_provider, _join_links_many_provider
    _join_links_provider = provider
    _join_links_many_provider = many


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


def join_links_for_many(registrations, *, session_ids=None, absolute=False):
    """`join_links_for` of many registrations of one conference: {registration id:
    {session_id: link}}, in a few queries when the provider answers for many at once (one
    registration at a time otherwise)."""
    registrations = list(registrations)
    if _join_links_provider is None:
        return {registration.pk: {} for registration in registrations}
    if _join_links_many_provider is None:
        return {
            registration.pk: join_links_for(
                registration, session_ids=session_ids, absolute=absolute
            )
            for registration in registrations
        }
    found = _join_links_many_provider(registrations, session_ids=session_ids)
    if absolute:
        return {
            registration_id: {
                session_id: f"{settings.SITE_URL}{path}" for session_id, path in links.items()
            }
            for registration_id, links in found.items()
        }
    return found


# --- Consents asked on the registration form ------------------------------------------------
# The app that keeps consents (privacy) says which ones the form asks, each a checkbox with
# a link to its text, and records what the person ticked inside register()'s transaction.
# Without it the form asks only the one agreement registration needs (privacy_consent,
# with the privacy notice's link) and nothing is recorded beyond privacy_consent_at.

REGISTRATION_PURPOSE = "registration"


@dataclass(frozen=True)
class ConsentOffer:
    purpose: str
    label: str
    link_text: str
    # (conference) -> the address of the consent's text, in the active language, naming
    # that conference's data controller
    url: Callable
    # the consent to registration itself (REGISTRATION_PURPOSE) is the required one
    required: bool = False


_consent_offers = None
_consent_recorder = None


def set_consent_keeper(*, offers, record):
    """Called once from an AppConfig.ready(): ``offers()`` returns the ConsentOffers the
    registration form asks, in order; ``record(registration=..., given={purpose: bool},
    client=..., language=..., now=...)`` writes them. Setting it again replaces it."""
    global _consent_offers, _consent_recorder
    _consent_offers, _consent_recorder = offers, record


def consent_offers():
    return _consent_offers() if _consent_offers is not None else []


def record_consents(*, registration, given, client, language, now):
    if _consent_recorder is not None:
        _consent_recorder(
            registration=registration, given=given, client=client, language=language, now=now
        )

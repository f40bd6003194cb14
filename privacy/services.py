"""A person's consents and rights: the rules, each a plain function and one transaction.

- ``give`` and ``withdraw`` append a consent row (never change one); withdrawing applies
  what the purpose's app registered (privacy/registry.py: the visa request goes), and
  withdrawing consent to registration itself cancels and erases the registration
  (``registration.services.erase_personal_data``).
- ``record_registration_consents`` is what the registration form's consents call
  (``registration.extensions.set_consent_keeper``), inside ``register``'s transaction.
- ``data_of`` and ``data_as_json`` gather everything held about a person for the download,
  from privacy's own sections and those the apps above registered.
- ``on_registration_withdrawn`` (receiver of ``registration.signals.registration_withdrawn``):
  an erased registration's consents are withdrawn and their client addresses deleted.
"""

import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import record_destruction
from events.models import Conference
from privacy import consent_texts, registry
from privacy.models import Consent, Purpose
from registration import services as registration_services
from registration.models import Registration

# The optional consents the registration form asks; registration itself is required.
FORM_PURPOSES = [Purpose.PHOTOS, Purpose.NEWS]
# Given on the manage page with one press; the others come with their own form.
GIVEN_ON_MANAGE_PAGE = {Purpose.PHOTOS, Purpose.NEWS}
FORMAT_VERSION = 1


class ConsentError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def clean_client(address):
    """An IP address as text, or None for anything else (an empty or forged header)."""
    try:
        return str(ipaddress.ip_address(str(address or "").strip()))
    except ValueError:
        return None


def _language(language):
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _append(registration, purpose, *, given, client, language, now, version=None):
    return Consent.objects.create(
        registration=registration,
        purpose=purpose,
        given=given,
        version=version or consent_texts.current_version(purpose),
        at=now,
        language=_language(language),
        client=clean_client(client),
    )


def _lock(registration):
    return Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def give(*, registration, purpose, client=None, language=None, now=None):
    """Records that the person agrees to the current text of `purpose`. Agreeing again to
    the same text adds nothing (a double press, a form saved twice). Returns the row."""
    purpose = Purpose(purpose)
    registration = _lock(registration)
    # The moment is read under the lock, so the rows' order is the order of the decisions.
    now = now or timezone.now()
    if registration.erased_at is not None:
        raise ConsentError(_("This registration's data are erased."))
    latest = Consent.objects.current(registration).get(purpose)
    version = consent_texts.current_version(purpose)
    if latest is not None and latest.given and latest.version == version:
        return latest
    return _append(registration, purpose, given=True, client=client, language=language, now=now)


@transaction.atomic
def withdraw(*, registration, purpose, client=None, language=None, now=None):
    """Records the withdrawal and stops the processing it covered: the purpose's app
    deletes what it held (the visa request for passport data); withdrawing consent to
    registration cancels the registration and erases the person's data. Withdrawing what
    is not given changes nothing. Returns the row, or None."""
    purpose = Purpose(purpose)
    if purpose == Purpose.REGISTRATION:
        # The order every registration service locks in: the conference, then the row.
        Conference.objects.select_for_update().get(pk=registration.conference_id)
    registration = _lock(registration)
    # Read under the lock, as in give.
    now = now or timezone.now()
    if registration.erased_at is not None:
        return None
    latest = Consent.objects.current(registration).get(purpose)
    if not is_given(registration, purpose, latest):
        return None
    row = _append(
        registration,
        purpose,
        given=False,
        client=client,
        language=language,
        now=now,
        version=latest.version if latest is not None else None,
    )
    effect = registry.withdrawal_effect(purpose)
    if effect is not None:
        destroyed = effect.apply(registration=registration, now=now)
        if isinstance(destroyed, dict):
            record_destruction(
                rule=f"consent withdrawn: {purpose.value}",
                categories=destroyed,
                conference=registration.conference,
            )
    if purpose == Purpose.REGISTRATION:
        registration_services.erase_personal_data(
            registration=registration, now=now, rule=registration_services.RULE_WITHDRAWAL
        )
    return row


def is_given(registration, purpose, latest):
    """Whether `purpose` is consented to now. A registration made before consents were
    recorded one by one agreed to registration when it ticked the privacy checkbox
    (Registration.privacy_consent_at)."""
    if latest is not None:
        return latest.given
    return purpose == Purpose.REGISTRATION and registration.erased_at is None


def record_registration_consents(*, registration, given, client, language, now):
    """registration.extensions' consent keeper: the registration form's ticks, in
    ``register``'s transaction. `given` is {purpose: bool}; only what was ticked is written
    (an unticked optional box is no decision to record)."""
    for purpose, ticked in given.items():
        if ticked and purpose in Purpose.values:
            _append(registration, purpose, given=True, client=client, language=language, now=now)


def consent_offers():
    """registration.extensions: the consents the registration form asks, in order."""
    from registration.extensions import ConsentOffer

    return [
        ConsentOffer(
            purpose=Purpose.REGISTRATION,
            label=_("I consent to the processing of my personal data for registration"),
            link_text=_("(the text of the consent)"),
            url=lambda conference=None: consent_texts.document_url(
                Purpose.REGISTRATION, conference=conference
            ),
            required=True,
        ),
        ConsentOffer(
            purpose=Purpose.PHOTOS,
            label=_(
                "I agree to be photographed and filmed, and to the photos being published "
                "(optional)"
            ),
            link_text=_("(the text of the consent)"),
            url=lambda conference=None: consent_texts.document_url(
                Purpose.PHOTOS, conference=conference
            ),
        ),
        ConsentOffer(
            purpose=Purpose.NEWS,
            label=_("Send me news about future conferences (optional)"),
            link_text=_("(the text of the consent)"),
            url=lambda conference=None: consent_texts.document_url(
                Purpose.NEWS, conference=conference
            ),
        ),
    ]


# --- what the manage page shows ------------------------------------------------------------
def consent_rows(registration):
    """Each purpose with its current state, for the manage page's "Your data" panel."""
    latest = Consent.objects.current(registration)
    rows = []
    for purpose in Purpose:
        row = latest.get(purpose)
        given = is_given(registration, purpose, row)
        rows.append(
            {
                "purpose": purpose.value,
                "label": purpose.label,
                "given": given,
                "answered": row is not None or given,
                "at": row.at if row is not None else registration.privacy_consent_at,
                "version": row.version if row is not None else "",
                "document_url": consent_texts.document_url(
                    purpose,
                    row.version if row is not None else None,
                    conference=registration.conference,
                ),
                "can_give": not given and purpose in GIVEN_ON_MANAGE_PAGE,
            }
        )
    return rows


def withdrawal_warning(registration, purpose):
    """What the confirmation page says withdrawing does, from the purpose's app."""
    effect = registry.withdrawal_effect(purpose)
    return effect.warning(registration) if effect is not None else ""


# --- the download -------------------------------------------------------------------------
def data_of(registration):
    """Every section held about the person, privacy's own first (privacy/sections.py)."""
    return registry.sections_for(registration)


def data_as_json(registration, now=None):
    now = now or timezone.now()
    return {
        "format": "conference-personal-data",
        "format_version": FORMAT_VERSION,
        "generated_at": now.isoformat(),
        "conference": registration.conference.slug,
        "sections": {section.key: section.as_json() for section in data_of(registration)},
    }


# --- an erased registration -----------------------------------------------------------------
def on_registration_withdrawn(sender, *, registration, reason, **kwargs):
    """registration.signals.registration_withdrawn. Erased: every consent still given is
    withdrawn (the processing stops) and the client addresses recorded with them are
    deleted, with the rest of the person's data (anonymised: the same). Returns what it
    destroyed, for the destruction record. Cancelled: nothing changes (the data are
    kept until the retention ends or the person erases them). Deleted: the rows go with
    the registration."""
    if reason not in ("erased", "anonymised"):
        return {}
    now = timezone.now()
    for purpose, row in Consent.objects.current(registration).items():
        if row.given:
            _append(
                registration,
                purpose,
                given=False,
                client=None,
                language=row.language,
                now=now,
                version=row.version,
            )
    addresses = Consent.objects.filter(registration=registration, client__isnull=False).update(
        client=None
    )
    return {"client addresses recorded with consents": addresses}

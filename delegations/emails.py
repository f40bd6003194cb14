"""The two emails a delegation's contact receives: the link to confirm their address, and
after it the summary of what became of each person, with the link to their page. Plain
text plus HTML in the contact's language, handed to the mail queue after the commit (the
people themselves get registration's own emails, in their own language).

Templates: ``delegations/templates/emails/delegations/<kind>.{subject.txt,txt,html}``."""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from delegations import links
from outbox import composition

logger = logging.getLogger(__name__)

KINDS = {"confirm_contact", "summary"}
CONTACT_REASON = _(
    "You receive this email because this address was given as the contact of a delegation "
    "to %(title)s."
)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def build_message(delegation, kind):
    if kind not in KINDS:
        raise ValueError(f"Unknown delegation email: {kind}")
    conference = delegation.conference
    language = delegation.mail_language
    with translation.override(language):
        context = {
            "delegation": delegation,
            "conference": conference,
            "members": list(delegation.members.select_related("registration")),
            "LANGUAGE_CODE": language,
            "page_url": links.page_url(delegation),
            "conference_url": absolute(conference.get_absolute_url()),
            "privacy_url": absolute(reverse("registration:privacy")),
            **composition.mail_context(conference, reason=CONTACT_REASON),
        }
        template = f"emails/delegations/{kind}"
        subject = render_to_string(f"{template}.subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        # The conference's subject prefix, sender, reply-to (outbox/composition.py).
        return composition.build(
            conference=conference,
            to=[delegation.contact_email],
            language=language,
            subject=subject,
            text=text,
            html=html,
        )


def send_after_commit(delegation, kind):
    """Queues the email once the surrounding transaction has committed; a failure to queue
    never undoes the delegation (the contact's page still works)."""
    delegation_id = delegation.pk

    def send():
        from delegations.models import Delegation

        current = Delegation.objects.select_related("conference").filter(pk=delegation_id).first()
        if current is None:
            return
        try:
            build_message(current, kind).send()
        except Exception:
            logger.exception("Could not queue the %s email for delegation %s", kind, current.pk)

    transaction.on_commit(send)

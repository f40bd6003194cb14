"""The submitter's email: the link to confirm their address, which is also the link to
their contribution's page. Plain text plus HTML in the submitter's language, through the
one mail composer (outbox/composition.py), handed to the mail queue after the commit.

Templates: ``contributions/templates/emails/contributions/<kind>.{subject.txt,txt,html}``."""

import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from contributions import links
from outbox import composition
from registration.links import absolute

logger = logging.getLogger(__name__)

KINDS = {"confirm"}
SUBMITTER_REASON = _(
    "You receive this email because this address was given when a contribution was sent to "
    "the call of %(title)s."
)


def deadline_label(call):
    """'1 March 2027, 23:59 (the zone's IANA name)': the deadline in the conference's zone."""
    zone = call.conference.zone
    local = call.closes_at.astimezone(zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone.key})"


def build_message(contribution, kind):
    if kind not in KINDS:
        raise ValueError(f"Unknown contribution email: {kind}")
    call = contribution.call
    conference = call.conference
    language = contribution.mail_language
    submitter = contribution.authors.filter(is_submitter=True).first()
    with translation.override(language):
        context = {
            "contribution": contribution,
            "conference": conference,
            "submitter_name": submitter.name if submitter else "",
            "deadline": deadline_label(call),
            "LANGUAGE_CODE": language,
            "page_url": links.page_url(contribution),
            "conference_url": absolute(conference.get_absolute_url()),
            "privacy_url": absolute(reverse("registration:privacy")),
            **composition.mail_context(conference, reason=SUBMITTER_REASON),
        }
        template = f"emails/contributions/{kind}"
        subject = render_to_string(f"{template}.subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        return composition.build(
            conference=conference,
            to=[contribution.submitter_email],
            language=language,
            subject=subject,
            text=text,
            html=html,
        )


def send_after_commit(contribution, kind):
    """Queues the email once the surrounding transaction has committed; a failure to queue
    never undoes the contribution (the submitter may ask for the mail again by sending the
    same form, which finds the contribution)."""
    contribution_id = contribution.pk

    def send():
        from contributions.models import Contribution

        current = (
            Contribution.objects.select_related("call__conference")
            .filter(pk=contribution_id)
            .first()
        )
        if current is None:
            return
        try:
            build_message(current, kind).send()
        except Exception:
            # The id only: never the address or the link.
            logger.exception("Could not queue the %s email for contribution %s", kind, current.pk)

    transaction.on_commit(send)

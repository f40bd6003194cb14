"""What messaging tells privacy (privacy/registry.py, from MessagingConfig.ready): the
mailings sent to the person (organisers' messages, programme changes, the moved-online
notice), in a person's data download."""

from django.utils.translation import gettext as _

from messaging.models import Recipient
from privacy.registry import Section, record


def messages_section(registration):
    rows = list(
        Recipient.objects.filter(registration=registration)
        .select_related("message")
        .order_by("message__created_at", "id")
    )
    if not rows:
        return None
    return Section(
        key="messages",
        title=_("Messages from the organisers"),
        records=[
            record(
                # A mailing the site wrote (programme change, moved online) has no subject
                # of the organisers': its kind says what it was.
                ("subject", _("Subject"), row.message.subject or row.message.get_kind_display()),
                ("sent_at", _("Confirmed at"), row.message.created_at),
                ("state", _("State"), row.get_state_display()),
            )
            for row in rows
        ],
    )

"""What a message from the organisers says in each mail: rendered once per language, with
one person's greeting and links added (the mail engine asks `mail_for` per recipient)."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from mailer.engine import ensure_message_id

from messaging.models import GroupMessage
from messaging.rendering import body_html
from registration.emails import compose_message

TEMPLATE = "emails/messaging/message"
REASON = _(
    "You receive this message because you registered for %(title)s and the organisers "
    "wrote to a group of its attendees you belong to."
)


@dataclass
class MessageContent:
    """What every mail of a message says, rendered once per language; `mail_for` adds one
    person's greeting and links."""

    message: GroupMessage
    rendered: dict = field(default_factory=dict)  # language -> (subject, text, html)

    def texts(self, language):
        if language not in self.rendered:
            with translation.override(language):  # modeltranslation's fallback to English
                subject, body = self.message.subject, self.message.body
            self.rendered[language] = (subject, body, body_html(body))
        return self.rendered[language]

    def mail_for(self, registration):
        subject, text, html = self.texts(registration.mail_language)
        mail = compose_message(
            registration,
            TEMPLATE,
            {
                "message_subject": subject,
                "message_text": text,
                "message_html": html,
                "attendee_parts": [],
            },
            reason=REASON,
        )
        ensure_message_id(mail)  # the send log finds the mail in django-mailer's log by it
        return mail

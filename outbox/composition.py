"""The one place every mail is put together: single mails (registration/emails.py) and bulk
mails (messaging/engine.py) alike.

Each conference speaks in its own name (events.Conference's mail fields, read in the
recipient's language, which the caller has activated):

- the subject begins with ``[short name]`` (the title, cut short, when there is none);
- the sender is ``"<sender name>" <sender address>`` (the short name, and the address of
  DEFAULT_FROM_EMAIL, when they are empty);
- replies go to the reply-to address (the contact address when empty);
- every mail closes with the conference's signature and a footer saying why the person
  gets it (the templates' footer: templates/emails/registration/footer.txt, base.html).

The caller renders the templates with `mail_context` in the context; `build` makes the
message from what was rendered, and puts the HTML in the conference's look
(outbox/look.py: its colour, its PNG logo as a related part named by Content-ID, a table
layout with inline styles):

    multipart/mixed                  (only with a calendar file)
      multipart/alternative
        text/plain                   first: what the HTML says, as text
        multipart/related            (only with a logo)
          text/html
          image/png                  Content-ID <logo.…@host>, shown as cid:logo.…@host
      text/calendar
"""

from email.mime.image import MIMEImage
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox import look
from outbox.addresses import one_line

# A subject prefix made from a long title is cut to the length a short name may have.
PREFIX_FROM_TITLE_CHARS = 40


def subject_prefix(conference):
    """The short name, or the title cut short: never a 60-character prefix."""
    name = one_line(conference.short_name or "")
    if name:
        return name
    return Truncator(one_line(conference.title)).chars(PREFIX_FROM_TITLE_CHARS)


# Characters a display name may hold only inside quotes (RFC 5322 "specials").
ADDRESS_SPECIALS = frozenset('()<>@,;:\\".[]')


def sender(conference):
    """'"Name" <address>': the conference's sender name and address, with the fallbacks."""
    _default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = conference.mail_sender_address or default_address or settings.DEFAULT_FROM_EMAIL
    name = one_line(conference.mail_sender_name or "") or subject_prefix(conference)
    if any(character in ADDRESS_SPECIALS for character in name):
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        name = f'"{escaped}"'
    return f"{name} <{address}>"


def reply_to(conference):
    address = conference.mail_reply_to or conference.contact_email
    return [address] if address else None


def signature(conference):
    """The conference's signature in the active language (modeltranslation falls back to
    English), or the plain closing line when it has none."""
    text = (conference.mail_signature or "").strip()
    if text:
        return text
    return gettext("The organisers of %(title)s") % {"title": conference.title}


# Why the person gets a mail, unless the caller says otherwise.
REGISTERED = _("You receive this email because this address was used to register for %(title)s.")


def mail_context(conference, *, reason=None):
    """What the templates' footer needs: the signature and why the person gets the mail.
    `reason` is a (lazy) text with %(title)s, put in the active language here."""
    return {
        "mail_signature": signature(conference),
        "mail_reason": str(reason or REGISTERED) % {"title": conference.title},
    }


class BrandedEmail(EmailMultiAlternatives):
    """A text part with an HTML alternative whose images travel with it: `related` holds
    (Content-ID without <>, PNG bytes) pairs, put beside the HTML in a multipart/related
    part. Plain data only, so that the mail queue's pickle (outbox/sealing.py) keeps it."""

    def __init__(self, *args, related=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.related = list(related)

    def _create_alternatives(self, msg):
        if not self.related:
            return super()._create_alternatives(msg)
        encoding = self.encoding or settings.DEFAULT_CHARSET
        alternative = SafeMIMEMultipart(_subtype=self.alternative_subtype, encoding=encoding)
        if self.body:
            alternative.attach(msg)
        for content, mimetype in self.alternatives:
            part = self._create_mime_attachment(content, mimetype)
            if mimetype == "text/html":
                related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
                related.attach(part)
                for content_id, image in self.related:
                    picture = MIMEImage(image, _subtype="png")
                    picture.add_header("Content-ID", f"<{content_id}>")
                    picture.add_header("Content-Disposition", "inline", filename="logo.png")
                    related.attach(picture)
                part = related
            alternative.attach(part)
        return alternative


def _logo_content_id():
    """A Content-ID of its own per mail, on the site's host name."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return make_msgid(idstring="logo", domain=host)[1:-1]


def build(*, conference, to, language, subject, text, html, ics=None, ics_name=None):
    """The message: subject with the conference's prefix, its sender and reply-to, the text
    part with the HTML part beside it in the conference's look (and its logo), the
    calendar file attached if given."""
    mail_look = look.look_of(conference)
    content_id = _logo_content_id() if mail_look.logo else None
    html = look.render(
        conference=conference, language=language, html=html, look=mail_look, logo_cid=content_id
    )
    message = BrandedEmail(
        # One line, whatever the title or a name in it holds: a header never breaks.
        subject=one_line(f"[{subject_prefix(conference)}] {subject}"),
        body=text,
        from_email=sender(conference),
        to=to,
        reply_to=reply_to(conference),
        headers={"Content-Language": language},
        related=[(content_id, mail_look.logo.content)] if content_id else (),
    )
    message.attach_alternative(html, "text/html")
    if ics is not None:
        # Django adds the charset to a text part itself: naming it here repeated it.
        message.attach(ics_name or "calendar.ics", ics, "text/calendar; method=PUBLISH")
    return message

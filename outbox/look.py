"""How a mail looks: the conference's colour as a band at the top, its logo in it when
the logo is a PNG, and the mail's own HTML below, in a table layout 600 pixels wide at
most that mail clients draw alike (outbox/composition.py wraps every HTML part in it).

Mail is not a web page, so:

- styles are inline only (clients drop <style> and <link>); the site's Content Security
  Policy does not apply to mail;
- nothing is fetched: no http(s) image, no web font. A PNG logo travels in the message
  as a related part (multipart/related) and the HTML names it by its Content-ID
  (``cid:``); an SVG logo is not shown (mail clients do not draw SVG): the band says the
  conference's name instead;
- dark mode: the HTML declares ``color-scheme: light dark`` and sets colours only in
  pairs, background and text together (the band: the conference's colour and a text
  colour with 4.5:1 at least). Everything else keeps the client's own colours, which a
  dark mode turns light on dark.

Which colour and logo a conference has is the branding app's to say: outbox sits below
every app (pyproject.toml's import contracts), so branding fills the hook (`provide`, from
BrandingConfig.ready(); branding/mail.py). Without it every mail has FALLBACK.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

MAIL_WIDTH = 600
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class MailLogo:
    content: bytes  # a PNG
    width: int  # as shown, in CSS pixels
    height: int


@dataclass(frozen=True)
class MailLook:
    colour: str  # the band's background, "#rrggbb"
    text_colour: str  # the band's text, 4.5:1 at least against `colour`
    logo: MailLogo | None = None


# The site's own accent (branding.models.DEFAULT_COLOUR) with white: 7.6:1.
FALLBACK = MailLook(colour="#0b5d3b", text_colour="#ffffff")

_provider = None


def provide(reader):
    """Sets the function ``reader(conference) -> MailLook`` that says a conference's look
    (branding.mail.mail_look). Setting it again replaces it."""
    global _provider
    _provider = reader


def look_of(conference):
    return _provider(conference) if _provider is not None else FALLBACK


def body_of(html):
    """What a template's HTML shows: the inside of its <body>, or all of it."""
    found = _BODY.search(html)
    return found.group(1).strip() if found else html.strip()


def render(*, conference, language, html, look, logo_cid=None):
    """The HTML part: the layout around the body of `html`, in `look`. `logo_cid`
    (without <>) is the Content-ID of the logo's part when the look has a logo."""
    return render_to_string(
        "emails/layout.html",
        {
            "language": language,
            "title": conference.title,
            "look": look,
            "logo_cid": logo_cid if look.logo else None,
            "body": body_of(html),
            "width": MAIL_WIDTH,
        },
    )

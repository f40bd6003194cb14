"""How a mail looks: the conference's colour as a band at the top, its logo in it when
the logo is a PNG, and the mail's own HTML below, in a table layout 600 pixels wide at
most that mail clients draw alike (outbox/composition.py wraps every HTML part in it).

Mail is not a web page, so:

- styles are inline only (clients drop <style> and <link>); the site's Content Security
  Policy does not apply to mail;
- nothing is fetched: no http(s) image, no web font. A PNG logo travels in the message
  as a related part (multipart/related) and the HTML names it by its Content-ID
  (``cid:``); an SVG logo is not shown (mail clients do not draw SVG): the band says the
  conference's name instead. A logo larger than MAIL_LOGO_MAX_BYTES is left out as well,
  since every mail would carry it;
- dark mode: the HTML declares ``color-scheme: light dark`` and sets colours only in
  pairs, background and text together (the band: the conference's colour and white or
  near-black, whichever has the contrast, 4.5:1 at least). Everything else keeps the
  client's own colours, which a dark mode turns light on dark.

The look of each conference is read once per process until an organiser saves anything
(events.page_cache, as branding.services.theme_for), so a mailing to thousands costs no
query per mail.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from branding.contrast import AA_MINIMUM, WHITE, contrast_ratio
from branding.models import DEFAULT_COLOUR, Branding
from events import page_cache

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Every mail of a conference carries its logo: a larger file is left out (the name shows).
MAIL_LOGO_MAX_BYTES = 200_000
LOGO_HEIGHT = 48
LOGO_MAX_WIDTH = 320
# The band's text when white has too little contrast on the colour.
DARK_TEXT = "#1a1a1a"
MAIL_WIDTH = 600

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class MailLogo:
    content: bytes
    width: int
    height: int


@dataclass(frozen=True)
class MailLook:
    colour: str
    text_colour: str
    logo: MailLogo | None


def text_colour_on(colour):
    """White on the colour when it has the AA contrast (the branding app refuses a colour
    without it), else near-black."""
    if contrast_ratio(colour, WHITE) >= AA_MINIMUM:
        return WHITE
    return DARK_TEXT


def _png_logo(branding):
    if not branding.logo:
        return None
    try:
        with branding.logo.open("rb") as file:
            content = file.read(MAIL_LOGO_MAX_BYTES + 1)
    except OSError:
        return None  # a file gone from the storage: the name shows instead
    if not content.startswith(PNG_SIGNATURE) or len(content) > MAIL_LOGO_MAX_BYTES:
        return None
    width, height = branding.logo_width or LOGO_HEIGHT, branding.logo_height or LOGO_HEIGHT
    shown_width = round(width * LOGO_HEIGHT / height)
    shown_height = LOGO_HEIGHT
    if shown_width > LOGO_MAX_WIDTH:
        shown_height = max(1, round(LOGO_HEIGHT * LOGO_MAX_WIDTH / shown_width))
        shown_width = LOGO_MAX_WIDTH
    return MailLogo(content=content, width=shown_width, height=shown_height)


def _read_look(conference):
    branding = Branding.objects.filter(conference_id=conference.pk).first()
    colour = (branding.primary_colour if branding else "") or DEFAULT_COLOUR
    colour = colour.lower()
    return MailLook(
        colour=colour,
        text_colour=text_colour_on(colour),
        logo=_png_logo(branding) if branding else None,
    )


def look_of(conference):
    """The conference's MailLook, kept in the process until content changes."""
    return page_cache.remember_in_process(
        f"mail-look:{conference.pk}", lambda: _read_look(conference)
    )


def body_of(html):
    """What a template's HTML shows: the inside of its <body>, or all of it."""
    found = _BODY.search(html)
    return found.group(1).strip() if found else html.strip()


def render(*, conference, language, html, logo_cid=None):
    """The HTML part: the layout around the body of `html`. `logo_cid` (without <>) is the
    Content-ID of the logo's part when the conference has a PNG logo."""
    look = look_of(conference)
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

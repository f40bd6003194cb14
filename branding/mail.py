"""A conference's look in its mails (outbox/look.py draws it): the primary colour, the text
colour on it, and the logo when it is a PNG small enough to travel in every mail.

Filled into outbox's hook from BrandingConfig.ready(). Read once per process until an
organiser saves anything (events.page_cache, as services.theme_for), so a mailing to
thousands costs no query per mail.
"""

from branding.contrast import AA_MINIMUM, WHITE, contrast_ratio
from branding.models import DEFAULT_COLOUR, Branding
from events import page_cache
from outbox.look import MailLogo, MailLook

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Every mail of the conference carries its logo: a larger file is left out (the name shows).
MAIL_LOGO_MAX_BYTES = 200_000
LOGO_HEIGHT = 48
LOGO_MAX_WIDTH = 320
# The band's text when white has too little contrast on the colour.
DARK_TEXT = "#1a1a1a"


def text_colour_on(colour):
    """White on the colour when it has the AA contrast (the admin refuses a colour without
    it), else near-black (a colour saved before that rule)."""
    if contrast_ratio(colour, WHITE) >= AA_MINIMUM:
        return WHITE
    return DARK_TEXT


def png_logo(branding):
    """The logo as the mail shows it, or None: no logo, an SVG, a file too large or gone."""
    if not branding.logo:
        return None
    try:
        with branding.logo.open("rb") as file:
            content = file.read(MAIL_LOGO_MAX_BYTES + 1)
    except OSError:
        return None
    if not content.startswith(PNG_SIGNATURE) or len(content) > MAIL_LOGO_MAX_BYTES:
        return None
    width = branding.logo_width or LOGO_HEIGHT
    height = branding.logo_height or LOGO_HEIGHT
    shown_width, shown_height = round(width * LOGO_HEIGHT / height), LOGO_HEIGHT
    if shown_width > LOGO_MAX_WIDTH:
        shown_height = max(1, round(LOGO_HEIGHT * LOGO_MAX_WIDTH / shown_width))
        shown_width = LOGO_MAX_WIDTH
    return MailLogo(content=content, width=shown_width, height=shown_height)


def _read(conference):
    branding = Branding.objects.filter(conference_id=conference.pk).first()
    colour = ((branding.primary_colour if branding else "") or DEFAULT_COLOUR).lower()
    return MailLook(
        colour=colour,
        text_colour=text_colour_on(colour),
        logo=png_logo(branding) if branding else None,
    )


def mail_look(conference):
    return page_cache.remember_in_process(f"mail-look:{conference.pk}", lambda: _read(conference))

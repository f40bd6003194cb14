"""The social preview image (og:image): 1200x630 pixels, made with Pillow from the
conference's title and dates in one language, its venue city and its colour, with the
Noto fonts of the machine (fonts-noto-core, fonts-noto-cjk); a font that is missing falls
back to the next one, and at last to Pillow's own."""

import functools
import io
from pathlib import Path

from django.utils import formats, translation
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72

# (path, index in a collection): Noto Sans CJK holds Latin, Cyrillic and Chinese; index 2
# of the collection is Simplified Chinese.
FONT_CANDIDATES = {
    "bold": [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
        ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 0),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0),
    ],
    "regular": [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ],
}


@functools.cache
def font(weight, size):
    for path, index in FONT_CANDIDATES[weight]:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size=size, index=index)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _wrap(draw, text, typeface, width):
    """Lines of ``text`` no wider than ``width``; words are split on spaces, and text
    without spaces (Chinese) character by character."""
    lines, line = [], ""
    tokens = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    for token in tokens:
        candidate = f"{line}{joiner}{token}" if line else token
        if draw.textlength(candidate, font=typeface) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = token
    if line:
        lines.append(line)
    return lines


def date_span(conference, language):
    with translation.override(language):
        zone = conference.zone
        start = conference.starts_at.astimezone(zone).date()
        end = conference.ends_at.astimezone(zone).date()
        first, last = formats.date_format(start), formats.date_format(end)
        return first if first == last else f"{first} – {last}"


def render_png(*, title, dates, city, colour, site_name):
    """The PNG bytes of a 1200x630 card: the colour as background, white text."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.text((MARGIN, MARGIN), site_name, font=font("regular", 30), fill="white")
    size = 72
    lines = _wrap(draw, title, font("bold", size), width)
    while len(lines) > 3 and size > 40:
        size -= 8
        lines = _wrap(draw, title, font("bold", size), width)
    y = MARGIN + 80
    for line in lines[:4]:
        draw.text((MARGIN, y), line, font=font("bold", size), fill="white")
        y += round(size * 1.25)
    footer = " · ".join(part for part in (dates, city) if part)
    draw.text((MARGIN, HEIGHT - MARGIN - 40), footer, font=font("regular", 38), fill="white")
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

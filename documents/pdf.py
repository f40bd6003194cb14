"""HTML templates to PDF with WeasyPrint.

Fonts are Debian's Noto Sans and Noto Sans CJK SC (fonts-noto-core, fonts-noto-cjk), so a
name in Latin, Cyrillic or Chinese is drawn with real glyphs; the font configuration and the
stylesheets are loaded once per process and shared by every document. QR codes are segno's
SVG as a data: URI, made on the server from the code alone.
"""

import logging
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string

STYLES = Path(__file__).resolve().parent / "pdf_styles"


@cache
def _weasyprint():
    # Imported on first use: a process that never makes a PDF never loads Pango.
    # WeasyPrint logs every layout step at INFO; only its warnings belong in our logs.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheets = {
        path.stem: weasyprint.CSS(filename=str(path), font_config=font_config)
        for path in sorted(STYLES.glob("*.css"))
    }
    return weasyprint, font_config, stylesheets


def qr_data_uri(text):
    """A QR code of `text` as an SVG data: URI for an <img> in a PDF template."""
    return segno.make(text, error="m", micro=False).svg_data_uri(border=2, light="#fff")


def render_document(template, context, *, stylesheet):
    """A WeasyPrint document (pages laid out) of one template with one stylesheet."""
    weasyprint, font_config, stylesheets = _weasyprint()
    html = render_to_string(template, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheets[stylesheet]], font_config=font_config
    )


def render_pdf(template, context, *, stylesheet):
    """The bytes of a PDF of one template."""
    return render_document(template, context, stylesheet=stylesheet).write_pdf()


def join_pdf(documents):
    """One PDF of the pages of several rendered documents, in order."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()

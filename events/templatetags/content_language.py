"""Content that falls back to English inside a Russian or Chinese page says so, with
lang="en" on its element, so screen readers pronounce it as English (WCAG 3.1.2).

    <h1{{ conference|fallback_lang:"title" }}>{{ conference.title }}</h1>
    {{ speaker|in_language:"position" }}          (inline text without an element of its own)
    {{ conference|paragraphs_in_language:"description" }}   (like |linebreaks)

On an English page, and wherever the translation exists, they add nothing: the English
pages stay byte-for-byte as before. They read only loaded columns, never the database.
"""

import re

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import normalize_newlines
from django.utils.translation import get_language

from events import translation

register = template.Library()
LINE_BREAK = SafeString("<br>")  # as |linebreaks writes a single newline


def _falls_back(obj, field):
    return obj is not None and translation.is_fallback(obj, field, get_language())


@register.filter
def fallback_lang(obj, field):
    """' lang="en"' for the element showing `obj.field` when that is the English text
    standing in for a missing translation; '' otherwise."""
    if _falls_back(obj, field):
        return format_html(' lang="{}"', settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return ""


@register.filter
def in_language(obj, field):
    """`obj.field`, inside <span lang="en"> when it is the English fallback."""
    value = getattr(obj, field, "") if obj is not None else ""
    if _falls_back(obj, field):
        return format_html(
            '<span lang="{}">{}</span>', settings.MODELTRANSLATION_DEFAULT_LANGUAGE, value
        )
    return value


@register.filter
def paragraphs_in_language(obj, field):
    """`obj.field|linebreaks`, each paragraph with lang="en" when it is the English
    fallback."""
    value = getattr(obj, field, "") if obj is not None else ""
    if not _falls_back(obj, field):
        return linebreaks_filter(value, autoescape=True)
    paragraphs = re.split("\n{2,}", normalize_newlines(str(value)))
    return format_html_join(
        "\n\n",
        '<p lang="{}">{}</p>',
        (
            (
                settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
                format_html_join(LINE_BREAK, "{}", ((line,) for line in paragraph.split("\n"))),
            )
            for paragraph in paragraphs
        ),
    )

"""Content that falls back to English inside a Russian or Chinese page says so, with
lang="en" on its element, so screen readers pronounce it as English (WCAG 3.1.2).

    <h1{{ conference|fallback_lang:"title" }}>{{ conference.title }}</h1>
    {{ speaker|in_language:"position" }}          (inline text without an element of its own)
    {{ conference|paragraphs_in_language:"description" }}   (like |linebreaks)
    {{ conference.title|phrase_breaks }}          (Chinese: <wbr> between phrases)

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
from events.line_breaks import with_phrase_breaks

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
        # A Chinese page's paragraphs break lines between phrases only (events.line_breaks).
        return with_phrase_breaks(linebreaks_filter(value, autoescape=True))
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


@register.filter
def phrase_breaks(value):
    """On a Simplified Chinese page, ``value`` escaped with <wbr> between its phrases, so a
    line never breaks inside a word (events.line_breaks); elsewhere just ``value``, escaped.
    For titles, summaries and headings: ``<h1>{{ conference.title|phrase_breaks }}</h1>``,
    or around a translated heading, ``{% filter phrase_breaks %}{% translate "..." %}
    {% endfilter %}``. Never in an attribute or <title> (a <wbr> there is text)."""
    return with_phrase_breaks(value)

"""Chinese line breaking: a line may break between phrases, never inside a word.

Chinese has no spaces, so a browser breaks a line between any two characters, splitting
words such as 会议 across lines. BudouX (Google's phrase segmenter, a small model in pure
Python) finds the phrase boundaries; we put <wbr> there, and the style sheet's
``:lang(zh-hans) { word-break: keep-all }`` (static/css/event.css) lets lines break only at
those <wbr> (and at spaces and punctuation). No inline styles: the site's Content Security
Policy forbids them, so BudouX's own ``translate_html_string`` (which adds ``style=``) is
not used.

Public pages are cached whole (events.page_cache), so the text is segmented once per
cached page.
"""

import functools
import html
import re

import budoux
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

LANGUAGE = "zh-hans"
WBR = "<wbr>"
# Han ideographs and CJK punctuation: text without any of them is left as it is.
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
TAG = re.compile(r"(<[^>]*>)")
# Text inside these elements is never segmented.
RAW_ELEMENTS = re.compile(r"<(script|style|textarea|title|pre)\b", re.I)


@functools.cache
def _parser():
    return budoux.load_default_simplified_chinese_parser()


def phrases(text):
    """The phrases of ``text`` (plain text), as BudouX splits them."""
    if not HAN.search(text):
        return [text] if text else []
    return _parser().parse(text)


# The same titles and paragraphs come back on every page of a conference (and on each
# zone's copy of it): each text is segmented once per process.
@functools.lru_cache(maxsize=4096)
def _text_with_breaks(text):
    """Plain ``text``, escaped, with <wbr> between its phrases."""
    return WBR.join(escape(phrase) for phrase in phrases(text))


def _html_with_breaks(markup):
    """Safe HTML ``markup`` with <wbr> between phrases of each text node (tags and the
    text of raw elements such as <script> are kept as they are)."""
    out, raw_until = [], None
    for part in TAG.split(str(markup)):
        if part.startswith("<"):
            out.append(part)
            if raw_until is None:
                opening = RAW_ELEMENTS.match(part)
                if opening:
                    raw_until = f"</{opening.group(1).lower()}"
            elif part.lower().startswith(raw_until):
                raw_until = None
        elif raw_until is None and HAN.search(part):
            out.append(_text_with_breaks(html.unescape(part)))
        else:
            out.append(part)
    return "".join(out)


def with_phrase_breaks(value, language=None):
    """``value`` as safe HTML with <wbr> between Chinese phrases when ``language`` (by
    default the active one) is Simplified Chinese; escaped and unchanged otherwise. Safe
    input (an already rendered fragment) keeps its tags; anything else is escaped first."""
    if value is None:
        value = ""
    if (language or get_language()) != LANGUAGE:
        return value if isinstance(value, SafeData) else escape(value)
    if isinstance(value, SafeData):
        return mark_safe(_html_with_breaks(value))  # noqa: S308 - tags kept, text escaped
    return mark_safe(_text_with_breaks(str(value)))  # noqa: S308 - each phrase escaped

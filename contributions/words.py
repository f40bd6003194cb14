"""How long an abstract is, the same way in every language.

Latin and Cyrillic text is counted in words: runs of letters and digits (with the
apostrophes and hyphens inside them: "state-of-the-art" is one word). Chinese has no spaces
between words, so each Chinese character (a Han ideograph) counts as one word, as Chinese
journals count an abstract's length in characters. Punctuation counts as nothing.
"""

import re
import unicodedata

# CJK unified ideographs and their extensions and compatibility forms.
_HAN = (
    "\u3400-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\U00020000-\U0002a6df"
    "\U0002a700-\U0002ebef"
    "\U00030000-\U0003134f"
)
HAN_RE = re.compile(f"[{_HAN}]")
# A word: letters, digits or combining marks (not Han), joined by ' ’ - inside.
WORD_RE = re.compile(rf"(?:(?![{_HAN}])[\w])+(?:['’\-‐](?:(?![{_HAN}])[\w])+)*")


def count_words(text):
    """Words in Latin or Cyrillic script plus Chinese characters in `text`."""
    text = unicodedata.normalize("NFKC", text or "")
    han = len(HAN_RE.findall(text))
    words = len(WORD_RE.findall(HAN_RE.sub(" ", text)))
    return han + words

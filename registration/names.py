"""How a person's name is cleaned, written and addressed: one rule for every place that shows
a name (pages, lists, the desk, badges, certificates, letters and mail).

A name is stored in its parts as the person typed them (given name, family name, an optional
patronymic). Two things decide how it is written:

- the name's own script: a Chinese name is family name first, without a space (王丽), in
  every language, because that is the name; so is a Korean name in Hangul (김민준); a
  Japanese name in kana, or any name with a part in these scripts and one in another, is
  family name first with a space (山田 はなこ, 王 Li);
- the language of the text it stands in: a Chinese text writes every name family name first
  (Ivanova Anna), as Chinese lists and letters do; any other language given name first, the
  patronymic after it (Иван Петрович Петров, Jane Doe).

The address in a greeting follows the language too: Russian addresses by given name and
patronymic when there is one (Здравствуйте, Иван Петрович!), else by the whole name; Chinese
by the whole name (尊敬的王丽); other languages by the given name (Dear Anna,), but a Chinese,
Japanese or Korean name always whole, family name first (Dear 王丽,), never the given name
alone.

Every function takes anything with ``given_name`` and ``family_name`` (and, if it has one,
``patronymic``): a registration or a delegation's member.
"""

import unicodedata

from django.utils import translation

from outbox.addresses import INVISIBLE_CATEGORIES

# Zero-width non-joiner and joiner shape letters in Persian and Indic names: kept.
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")


def clean_name(value):
    """A name part as it is stored: NFC, no invisible characters (control and format
    characters such as a zero-width space, soft hyphen or bidi mark, but the joiners some
    scripts need), every run of whitespace one space, none around it."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(
        " "
        if character.isspace()
        else character
        if character in KEPT_FORMAT_CHARACTERS
        or unicodedata.category(character) not in INVISIBLE_CATEGORIES
        else ""
        for character in text
    )
    return " ".join(text.split())


def _is_han(character):
    return (
        "\u4e00" <= character <= "\u9fff"  # CJK unified ideographs
        or "\u3400" <= character <= "\u4dbf"  # extension A
        or "\uf900" <= character <= "\ufaff"  # compatibility ideographs
        or "\U00020000" <= character <= "\U0003134f"  # extensions B to G
        or character in "\u00b7\u30fb"  # the middle dots of transcribed names (艾力·买买提)
    )


def _is_hangul(character):
    return "\uac00" <= character <= "\ud7af" or "\u1100" <= character <= "\u11ff"


def _is_kana(character):
    return "\u3040" <= character <= "\u30ff" or "\u31f0" <= character <= "\u31ff"


def _letters(text):
    return [character for character in text if not character.isspace()]


def is_cjk(text):
    """True when `text` is written in Chinese characters only (spaces aside)."""
    letters = _letters(text)
    return bool(letters) and all(_is_han(character) for character in letters)


def _is_hangul_text(text):
    letters = _letters(text)
    return bool(letters) and all(_is_hangul(character) for character in letters)


def is_east_asian(text):
    """True when `text` is in Chinese characters, kana or Hangul only: a name written family
    name first (Chinese, Japanese, Korean)."""
    letters = _letters(text)
    return bool(letters) and all(
        _is_han(character) or _is_kana(character) or _is_hangul(character) for character in letters
    )


def _written_together(given, family):
    """A Chinese or a Korean name in its own script: family and given name without a space
    (王丽, 김민준)."""
    return (is_cjk(family) and (not given or is_cjk(given))) or (
        _is_hangul_text(family) and (not given or _is_hangul_text(given))
    )


def _parts(person):
    return (
        (person.given_name or "").strip(),
        (getattr(person, "patronymic", "") or "").strip(),
        (person.family_name or "").strip(),
    )


def _family_first(given, family):
    return is_east_asian(family) or is_east_asian(given)


def _is_chinese_language(language):
    return (language or "").lower().startswith("zh")


def _language(language):
    return language or translation.get_language() or ""


def display_name(person, language=None):
    """The whole name as text in `language` (the active one when None) shows it."""
    given, patronymic, family = _parts(person)
    if _written_together(given, family) and not patronymic:
        return f"{family}{given}"
    if _family_first(given, family) or _is_chinese_language(_language(language)):
        return " ".join(part for part in (family, given, patronymic) if part)
    return " ".join(part for part in (given, patronymic, family) if part)


def salutation_name(person, language=None):
    """The name a greeting in `language` (the active one when None) addresses."""
    language = _language(language)
    given, patronymic, family = _parts(person)
    if _family_first(given, family) or _is_chinese_language(language):
        return display_name(person, language)
    if language.lower().startswith("ru"):
        if given and patronymic:
            return f"{given} {patronymic}"
        return display_name(person, language)
    return given or display_name(person, language)


def sort_key(person):
    """Alphabetical by family name, then given name and patronymic, in any case."""
    given, patronymic, family = _parts(person)
    return (family.casefold(), given.casefold(), patronymic.casefold())

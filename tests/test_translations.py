"""The Russian and Chinese catalogues: complete, up to date with the code, compiled, in use.

`make messages` adds new strings to locale/<language>/LC_MESSAGES/django.po and compiles them;
`make run` and `make test` compile the .po files into the .mo files Django reads. These tests
read the .po files themselves (GNU gettext's format), so they fail on:

- an entry without a translation, or marked fuzzy (msgmerge's guess from a changed string);
- a translation that loses or alters a placeholder (%(title)s, %d, {url}) or an HTML tag;
- a string in the code that the catalogue lacks, or an entry for a string the code dropped;
- a gettext function imported or assigned under a name makemessages does not extract (such as
  `gettext_lazy as _lazy`): its strings would never reach a catalogue, so every string marked
  in Python, under whatever name, is also checked against both catalogues directly;
- a compiled .mo that is missing or older than its .po.
"""

import ast
import gettext
import io
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from pytest_django.asserts import assertContains

from tests.factories import ConferenceFactory

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
CATALOGUES = {
    "ru": LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po",
    "zh_Hans": LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po",
}
PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "zh_Hans": "nplurals=1; plural=0;",
}
# What `make messages` does not scan (its MESSAGES_IGNORE), plus the catalogues themselves.
NOT_SOURCE = {
    ".venv",
    "node_modules",
    "test-artifacts",
    "bench",
    "tests",
    "staticfiles",
    "media",
    "locale",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
KEYWORD_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")')


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self):
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}"


def parse_po(text):
    """The entries of a .po file, the header (msgid "") first."""
    entries, current, last = [], None, None
    for line in [*text.splitlines(), ""]:
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line.strip():
            if current is not None:
                entries.append(current)
            current, last = None, None
            continue
        if line.startswith("#,"):
            current = current or Entry(msgid="")
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        current = current or Entry(msgid="")
        current.obsolete = current.obsolete or obsolete
        match = KEYWORD_LINE.fullmatch(line.strip())
        if match:
            keyword, index, value = match.groups()
            last = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, None)
            value = ast.literal_eval(value)
            if last[0] == "msgstr":
                current.msgstr[last[1]] = value
            else:
                setattr(current, keyword, value)
        else:
            value = ast.literal_eval(line.strip())
            if last[0] == "msgstr":
                current.msgstr[last[1]] += value
            else:
                setattr(current, last[0], getattr(current, last[0]) + value)
    return entries


def header(entries):
    fields = entries[0].msgstr[0].splitlines()
    return dict(line.split(": ", 1) for line in fields if ": " in line)


def problems(entries, nplurals):
    """What keeps a catalogue from being complete and exact, one line each."""
    found = []
    for entry in entries[1:]:
        if entry.obsolete:
            continue
        forms = [entry.msgstr.get(index, "") for index in range(nplurals)]
        if entry.msgid_plural is None:
            forms = [entry.msgstr.get(0, "")]
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry}")
        if not all(forms):
            found.append(f"untranslated: {entry}")
            continue
        english = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(english)):
                found.append(f"placeholders differ: {entry} -> {form!r}")
            if Counter(TAG.findall(form)) != Counter(TAG.findall(english)):
                found.append(f"HTML differs: {entry} -> {form!r}")
    return found


def read_catalogue(language):
    return parse_po(CATALOGUES[language].read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_string_is_translated_exactly(language):
    entries = read_catalogue(language)
    assert header(entries)["Language"] == language
    assert header(entries)["Plural-Forms"] == PLURAL_FORMS[language]
    assert "fuzzy" not in entries[0].flags
    nplurals = int(re.match(r"nplurals=(\d+);", PLURAL_FORMS[language]).group(1))
    assert problems(entries, nplurals=nplurals) == []


def test_the_check_finds_what_a_merge_leaves_behind():
    catalogue = parse_po(
        'msgid ""\nmsgstr "Language: ru\\n"\n\n'
        'msgid "Registration"\nmsgstr "Регистрация"\n\n'
        'msgid "Privacy"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Cancelled: %(title)s"\nmsgstr "Отменена: %(title)s"\n\n'
        'msgid "Back to %(title)s"\nmsgstr "Назад"\n\n'
        'msgid "cloned as <a href=\\"{url}\\">{title}</a>"\nmsgstr "клонирована как {title}"\n\n'
        'msgid "%(seats)s seat left"\nmsgid_plural "%(seats)s seats left"\n'
        'msgstr[0] "Осталось %(seats)s место"\nmsgstr[1] "Осталось %(seats)s места"\n'
        'msgstr[2] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n'
    )
    cloned = "'cloned as <a href=\"{url}\">{title}</a>'"
    assert problems(catalogue, nplurals=3) == [
        "untranslated: 'Privacy'",
        "fuzzy: 'Cancelled: %(title)s'",
        "placeholders differ: 'Back to %(title)s' -> 'Назад'",
        f"placeholders differ: {cloned} -> 'клонирована как {{title}}'",
        f"HTML differs: {cloned} -> 'клонирована как {{title}}'",
        "untranslated: '%(seats)s seat left'",
    ]


@pytest.fixture(scope="module")
def strings_in_the_code(tmp_path_factory):
    """Every translatable string of the code, as `make messages` finds it: makemessages run
    over the project's folders linked into an empty directory, writing there."""
    if shutil.which("xgettext") is None:
        pytest.fail("Extracting strings needs GNU gettext: apt-get install gettext", pytrace=False)
    workdir = tmp_path_factory.mktemp("messages")
    for path in BASE_DIR.iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_SOURCE:
            (workdir / path.name).symlink_to(path, target_is_directory=True)
    (workdir / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[]):
        patch.chdir(workdir)
        call_command("makemessages", locale=["ru"], symlinks=True, stdout=io.StringIO())
    entries = parse_po((workdir / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text())
    return {entry.key for entry in entries[1:]}


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_catalogue_has_every_string_of_the_code_and_no_other(language, strings_in_the_code):
    in_catalogue = {entry.key for entry in read_catalogue(language)[1:] if not entry.obsolete}
    assert sorted(strings_in_the_code - in_catalogue, key=str) == [], "run `make messages`"
    assert sorted(in_catalogue - strings_in_the_code, key=str) == [], "run `make messages`"


# The gettext functions of django.utils.translation, by the arguments they take: "gettext"
# (message), "ngettext" (singular, plural, n), "pgettext" (context, message), "npgettext".
MARKING_FUNCTIONS = {
    "gettext": "gettext",
    "gettext_lazy": "gettext",
    "gettext_noop": "gettext",
    "ngettext": "ngettext",
    "ngettext_lazy": "ngettext",
    "pgettext": "pgettext",
    "pgettext_lazy": "pgettext",
    "npgettext": "npgettext",
    "npgettext_lazy": "npgettext",
}
# The names makemessages extracts (xgettext's Python keywords and the ones Django adds), by the
# arguments it reads from them. A call is found by its name alone: `translation.gettext(...)`
# is extracted, `_lazy(...)` is not.
EXTRACTED_NAMES = {"_": "gettext", **MARKING_FUNCTIONS}
# Where each kind takes its (context, message, plural) arguments.
ARGUMENTS = {
    "gettext": (None, 0, None),
    "ngettext": (None, 0, 1),
    "pgettext": (0, 1, None),
    "npgettext": (0, 1, 2),
}
TRANSLATION_MODULE = "django.utils.translation"


@dataclass
class MarkedStrings:
    """What an ast walk over one Python file finds: the strings it marks for translation (as
    catalogue keys) and the gettext functions it binds to a name makemessages does not read."""

    keys: set = field(default_factory=set)
    hidden: list = field(default_factory=list)


def marked_strings(source, path="<source>"):
    tree = ast.parse(source, filename=str(path))
    functions = {}  # a name in this file -> the gettext function it stands for
    found = MarkedStrings()

    def function_of(node):
        if isinstance(node, ast.Name):
            return functions.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr in MARKING_FUNCTIONS:
            return node.attr
        return None

    def bind(name, function, node):
        functions[name] = function
        if EXTRACTED_NAMES.get(name) != MARKING_FUNCTIONS[function]:
            found.hidden.append(f"{path}:{node.lineno}: {function} as {name}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION_MODULE:
            for alias in node.names:
                if alias.name in MARKING_FUNCTIONS:
                    bind(alias.asname or alias.name, alias.name, node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            function = function_of(node.value)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if function and isinstance(target, ast.Name):
                    bind(target.id, function, node)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = function_of(node.func)
        if function is None:
            continue
        texts = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        positions = ARGUMENTS[MARKING_FUNCTIONS[function]]
        key = tuple(
            texts[position] if position is not None and position < len(texts) else None
            for position in positions
        )
        if any(text is None for text, at in zip(key, positions, strict=True) if at is not None):
            continue  # a variable: translated at run time, marked where it was written
        found.keys.add(key)
    return found


def python_sources():
    """The Python files `make messages` reads: the project's own folders and top-level files."""
    for path in sorted(BASE_DIR.iterdir()):
        if path.name.startswith(".") or path.name in NOT_SOURCE:
            continue
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        elif path.suffix == ".py":
            yield path


@pytest.fixture(scope="module")
def marked_in_python():
    found = MarkedStrings()
    for path in python_sources():
        each = marked_strings(path.read_text(encoding="utf-8"), path.relative_to(BASE_DIR))
        found.keys |= each.keys
        found.hidden += each.hidden
    return found


def test_every_gettext_function_goes_by_a_name_makemessages_extracts(marked_in_python):
    assert marked_in_python.hidden == [], (
        "makemessages skips these names: import gettext / gettext_lazy as _, or by their own names"
    )


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_string_marked_in_python_is_translated(language, marked_in_python):
    assert len(marked_in_python.keys) > 100  # the walk found the project's strings
    translated = {
        entry.key
        for entry in read_catalogue(language)[1:]
        if not entry.obsolete and "fuzzy" not in entry.flags and all(entry.msgstr.values())
    }
    assert sorted(marked_in_python.keys - translated, key=str) == []


def test_the_walk_finds_strings_behind_any_name_and_the_names_makemessages_skips():
    found = marked_strings(
        "from django.utils import translation\n"
        "from django.utils.translation import gettext as _, gettext_lazy as _lazy\n"
        "from django.utils.translation import ngettext, pgettext_lazy as p\n"
        "from django.utils.translation import ngettext_lazy as _n\n"
        "later = translation.gettext_lazy\n"
        "label = _lazy('Verification code')\n"
        "title = _('Registration')\n"
        "seats = ngettext('%(n)s seat', '%(n)s seats', 2)\n"
        "day = p('date format', 'j E Y')\n"
        "note = later('Waiting list')\n"
        "plain = translation.gettext('Privacy')\n"
        "chosen = _(variable)\n",
        "sample.py",
    )
    assert found.hidden == [
        "sample.py:2: gettext_lazy as _lazy",
        "sample.py:3: pgettext_lazy as p",
        "sample.py:4: ngettext_lazy as _n",
        "sample.py:5: gettext_lazy as later",
    ]
    assert found.keys == {
        (None, "Verification code", None),
        (None, "Registration", None),
        (None, "%(n)s seat", "%(n)s seats"),
        ("date format", "j E Y", None),
        (None, "Waiting list", None),
        (None, "Privacy", None),
    }


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_compiled_catalogue_matches_its_source(language):
    source = CATALOGUES[language]
    compiled = source.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: `make` compiles it"
    with compiled.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)._catalog
    expected = {}
    for entry in read_catalogue(language)[1:]:
        if entry.obsolete:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): form for index, form in entry.msgstr.items()})
    compiled_entries = {key: value for key, value in catalogue.items() if key != ""}
    assert compiled_entries == expected, f"{compiled} is older than its .po: run `make`"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/events/", "All conferences"),
        ("/ru/events/", "Все конференции"),
        ("/zh-hans/events/", "所有会议"),
    ],
)
def test_pages_speak_the_language_of_their_url(client, path, heading):
    response = client.get(path)
    assertContains(response, f"<h1>{heading}</h1>", html=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "seats", "says"),
    [
        ("/ru", 1, "Осталось 1 место в зале"),
        ("/ru", 3, "Осталось 3 места в зале"),
        ("/ru", 11, "Осталось 11 мест в зале"),
        ("/ru", 21, "Осталось 21 место в зале"),
        ("/ru", 25, "Осталось 25 мест в зале"),
        ("/zh-hans", 1, "剩余 1 个线下座位"),
        ("/zh-hans", 25, "剩余 25 个线下座位"),
    ],
)
def test_seats_left_take_the_plural_form_of_the_language(client, prefix, seats, says):
    conference = ConferenceFactory(in_person_capacity=seats)
    response = client.get(f"{prefix}/events/{conference.slug}/")
    assertContains(response, says)

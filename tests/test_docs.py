"""The documentation stays small and whole: the README says what the site is, how to start
and where to read on; every subject is a file under docs/, linked from the README, none over
20 KB; every relative link and #anchor in them leads somewhere (GitHub's heading slugs)."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
README = BASE_DIR / "README.md"
DOCS = BASE_DIR / "docs"
LIMIT = 20_000  # bytes

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`]*`")
LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def documents():
    return [README, *sorted(DOCS.glob("*.md"))]


def without_code(text):
    """The text outside fenced blocks and inline code, where links and headings count."""
    return FENCE.sub("", text)


def slug(heading):
    """GitHub's anchor for a heading: its text as rendered (code marks, emphasis and link
    targets gone), lower case, punctuation dropped, each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text):
    """Every heading's anchor, with GitHub's -1, -2 ... for repeated ones."""
    seen = {}
    found = set()
    for match in HEADING.finditer(without_code(text)):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(text):
    """The targets of every link and image outside code."""
    prose = CODE_SPAN.sub("", without_code(text))
    return [match.group(2) for match in LINK.finditer(prose)]


def broken_links(path):
    """Each relative link of the file at `path` that names no file, or no heading in it."""
    broken = []
    for target in links(path.read_text(encoding="utf-8")):
        if SCHEME.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists():
            broken.append(f"{target} (no such file)")
        elif (
            anchor
            and destination.suffix == ".md"
            and anchor not in anchors(destination.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target} (no such heading in {destination.name})")
    return broken


def test_readme_is_under_the_limit():
    assert README.stat().st_size < LIMIT


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_each_docs_file_is_under_the_limit(path):
    assert path.stat().st_size < LIMIT, f"{path.name} is {path.stat().st_size} bytes"


def test_there_are_docs_for_every_subject_the_issue_names():
    names = {path.stem for path in DOCS.glob("*.md")}
    for subject in (
        "organising",
        "attending",
        "visas",
        "documents",
        "mail",
        "configuration",
        "deployment",
        "benchmarks",
        "security",
    ):
        assert subject in names


def test_readme_links_every_docs_file():
    linked = {
        (README.parent / target.partition("#")[0]).resolve()
        for target in links(README.read_text(encoding="utf-8"))
        if not SCHEME.match(target)
    }
    unlinked = [path.name for path in DOCS.glob("*.md") if path.resolve() not in linked]
    assert unlinked == []


def test_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert text.startswith(
        "# Conference site\n\n```sh\n"
        "make run    # the site on http://127.0.0.1:8000 (PORT=8080 make run for another port)\n"
        "make test   # the whole test suite\n```\n"
    )
    assert "make try" in text
    assert "## Libraries, and why each is here" in text


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_every_relative_link_and_anchor_resolves(path):
    assert broken_links(path) == []


def test_slugs_follow_github():
    assert slug("Visa support (`visas/`)") == "visa-support-visas"
    assert slug("For organisers (admin → Visa support)") == "for-organisers-admin--visa-support"
    assert (
        slug("Consent and a person's rights: answering a request")
        == "consent-and-a-persons-rights-answering-a-request"
    )
    assert (
        slug("Accounts for people and scripts: `create_staff_account`")
        == "accounts-for-people-and-scripts-create_staff_account"
    )
    assert slug("Языки и даты") == "языки-и-даты"
    assert anchors("## Settings\n\n### Settings\n") == {"settings", "settings-1"}


def test_headings_and_links_inside_code_do_not_count():
    text = "```sh\n# not a heading\n[no](missing.md)\n```\n`[no](missing.md)` ## Real\n# Real\n"
    assert anchors(text) == {"real"}
    assert links(text) == []


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## Present\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n## Here\n\n"
        "[fine](other.md#present) [fine](#here) [fine](https://example.org/x.md#gone)\n"
        "[gone](missing.md) [gone](other.md#absent) [gone](#nowhere)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md (no such file)",
        "other.md#absent (no such heading in other.md)",
        "#nowhere (no such heading in page.md)",
    ]

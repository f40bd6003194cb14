"""No city, country or time zone of one conference is fixed in the site's source: each
conference names its own (Conference.venue_city, venue_country, time_zone and
audience_time_zones; settings hold only fallbacks, read from the environment).

The search covers the Python code and the templates (page, mail and PDF) of every app and
of templates/. It leaves out, on purpose:

- the seed loaders (SEED_FILES): they load the one conference the seed describes, and seed
  data may name its place;
- migrations: they record the schema and data as they were when written, and must not
  change;
- tests: their data names places freely, as organisers' data does;
- locale catalogues: translations of the source strings searched here;
- docs and bench (prose, and the load test's made-up data, neither served by the site);
- tools (`make screenshots` and `make check-web`: their made-up attendees, not served by
  the site) and test-artifacts (what the tests and tools write, such as Lighthouse's
  reports; gitignored);
- the privacy consent texts of 2026-12-07 (CONSENT_TEXTS): each is a dated version of a
  legal text people agreed to word for word, naming one operator and one country's
  authorities; it is replaced by a new dated version, never edited. Later texts name the
  conference's data controller (privacy/templates/privacy/includes/operator.html) and are
  searched like any template.

ALLOWED lists the few words a file may hold and why: the regions people join the sessions
from (a VooV room for China, Zoom elsewhere) are a feature of the site, named after the
platforms' reach, not a conference's place; and the zone database's one spelling
correction (Asia/Shanghai is called Beijing time).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A conference's places, in the site's three languages, and the zones named after them.
FIXED_PLACES = re.compile(
    r"\bTomsk|Томск|托木斯克|\bShanghai\b|\bMoscow\b|Москв|\bBrussels\b|Брюссел|\bBeijing\b|"
    r"Пекин|北京|\bRussia\b|Russian Federation|Росси[яи]|\bChina\b|Китай|俄罗斯|中国|"
    r"Lenin|Asia/|Europe/(?!Paris)|America/(?!New_York)",
    re.IGNORECASE,
)

SEED_FILES = {
    "events/management/commands/load_conference.py",
    "events/management/commands/load_programme.py",
    "events/seed_translations.py",
    "registration/management/commands/load_registration_defaults.py",
    # The demo edition's call: made-up authors from real institutions.
    "contributions/management/commands/load_call_demo.py",
}
CONSENT_TEXTS = {
    f"privacy/templates/privacy/consent/{purpose}-2026-12-07.html"
    for purpose in ("registration", "visa", "photos", "news")
}
EXCLUDED_DIRS = {
    ".venv",
    ".git",
    "migrations",
    "tests",
    "locale",
    "docs",
    "bench",
    "tools",
    "node_modules",
    "test-artifacts",
}

ALLOWED = {
    # Join options per region: which platform opens where (attending/models.py JoinOption).
    "events/regions.py": {"china", "russia", "europe/", "asia/"},
    "attending/models.py": {"china", "russia"},
    # CLDR names Asia/Shanghai after Shanghai; China calls its one zone Beijing time.
    "events/timezones.py": {"asia/", "shanghai", "beijing", "пекин", "北京", "china"},
}


def source_files(root=ROOT):
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if set(relative.parts[:-1]) & EXCLUDED_DIRS or not path.is_file():
            continue
        if path.suffix not in {".py", ".html", ".txt"} or relative.name == "requirements.txt":
            continue
        name = relative.as_posix()
        if name in SEED_FILES or name in CONSENT_TEXTS or name.startswith("tests"):
            continue
        yield name, path


def fixed_places(root=ROOT):
    found = []
    for name, path in source_files(root):
        allowed = ALLOWED.get(name, set())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in FIXED_PLACES.finditer(line):
                if match.group(0).casefold() not in allowed:
                    found.append(f"{name}:{number}: {match.group(0)}: {line.strip()[:100]}")
    return found


def test_no_city_country_or_zone_is_fixed_in_the_source():
    assert fixed_places() == []


def test_the_search_finds_a_fixed_place_where_there_is_one(tmp_path):
    """The search itself works: a template naming a city is caught, in each language."""
    for text in ("In person in Tomsk", "Очно в Томске", "在托木斯克线下参加", "Asia/Tomsk"):
        assert FIXED_PLACES.search(text), text
    for text in ("Russian and Chinese", "Europe/Paris", "a ZoneInfo"):
        assert not FIXED_PLACES.search(text), text
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>Welcome to Moscow</p>")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001.py").write_text("ZONE = 'Asia/Tomsk'")
    assert fixed_places(tmp_path) == ["templates/page.html:1: Moscow: <p>Welcome to Moscow</p>"]

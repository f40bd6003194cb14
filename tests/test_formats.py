"""Every language the site speaks writes dates its own way (conference_site/formats/)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import formats, translation

from conference_site.formats import CUSTOM_FORMATS
from tests.conftest import template_files

OPENING = dt.datetime(2022, 5, 16, 19, 0)


@pytest.mark.parametrize("name", CUSTOM_FORMATS)
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_defines_every_format_the_templates_use(code, name):
    # An undefined name would come back as itself and be read as a format string.
    assert formats.get_format(name, lang=code) != name


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "en",
            [
                "16 May 2022",
                "16 May 2022, 19:00",
                "Monday 16 May 2022",
                "Mon 16 May",
                "Mon 16 May 2022, 19:00",
                "May 2022",
                "May 2022",
            ],
        ),
        (
            "ru",
            [
                "16 мая 2022 г.",
                "16 мая 2022 г., 19:00",
                "Понедельник, 16 мая 2022 г.",
                "Пн, 16 мая",
                "Пн, 16 мая 2022 г., 19:00",
                "Май 2022 г.",
                "мая 2022 г.",
            ],
        ),
        (
            "zh-hans",
            [
                "2022年5月16日",
                "2022年5月16日 19:00",
                "2022年5月16日 星期一",
                "5月16日 星期一",
                "2022年5月16日 星期一 19:00",
                "2022年5月",
                "2022年5月",
            ],
        ),
    ],
)
def test_each_language_writes_the_opening_day_its_own_way(code, expected):
    with translation.override(code):
        written = [formats.date_format(OPENING, name) for name in CUSTOM_FORMATS]

    assert written == expected


# Templates another stream of issue 9 owns that still write a date with an English pattern
# (registration pages and emails); the lead empties this list after merging. A listed
# template that no longer has one fails the test, so the list only shrinks.
PENDING_DATE_PATTERNS = set()
DATE_FILTER = re.compile(r"""\|date:(["'])(.*?)\1""")
FORMAT_NAMES = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", *CUSTOM_FORMATS}


def test_templates_write_dates_by_format_name_not_by_an_english_pattern():
    found = {}
    for root, file in template_files():
        patterns = [
            match.group(2)
            for match in DATE_FILTER.finditer(file.read_text(encoding="utf-8"))
            if match.group(2) not in FORMAT_NAMES
        ]
        if patterns:
            found[file.relative_to(root).as_posix()] = patterns

    assert {name: found[name] for name in found if name not in PENDING_DATE_PATTERNS} == {}
    assert sorted(PENDING_DATE_PATTERNS - set(found)) == [], "fixed: remove from the list"

"""Time-zone display and day grouping at the edges: midnight, the DST switch, odd offsets."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest

from events import timezones
from tests.factories import utc

pytestmark = pytest.mark.django_db

UTC = dt.UTC
TOMSK = zoneinfo.ZoneInfo("Asia/Tomsk")
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")
KATHMANDU = zoneinfo.ZoneInfo("Asia/Kathmandu")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def item(name, starts_at, hours=1):
    return SimpleNamespace(
        name=name, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours)
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (TOMSK, "19:00 UTC+7"),
        (BEIJING, "20:00 UTC+8"),
        (MOSCOW, "15:00 UTC+3"),
        (BRUSSELS, "14:00 UTC+2"),
        (KOLKATA, "17:30 UTC+5:30"),
        (KATHMANDU, "17:45 UTC+5:45"),
        (NEW_YORK, "08:00 UTC−4"),
        (UTC, "12:00 UTC±0"),
    ],
)
def test_time_with_offset_for_the_seed_opening(zone, expected):
    assert timezones.time_with_offset(utc(2022, 5, 16, 12, 0), zone) == expected


def test_brussels_offset_changes_across_the_spring_dst_switch():
    # Europe moves the clocks at 01:00 UTC on the last Sunday of March.
    before = utc(2022, 3, 27, 0, 30)
    after = utc(2022, 3, 27, 1, 30)
    assert timezones.time_with_offset(before, BRUSSELS) == "01:30 UTC+1"
    assert timezones.time_with_offset(after, BRUSSELS) == "03:30 UTC+2"


def test_brussels_offset_changes_across_the_autumn_dst_switch():
    assert timezones.time_with_offset(utc(2022, 10, 30, 0, 30), BRUSSELS) == "02:30 UTC+2"
    assert timezones.time_with_offset(utc(2022, 10, 30, 1, 30), BRUSSELS) == "02:30 UTC+1"


def test_group_by_day_puts_a_late_session_on_its_start_day_in_the_chosen_zone():
    late = item("late", utc(2022, 5, 16, 16, 30), hours=2)  # 23:30-01:30 in Tomsk
    morning = item("morning", utc(2022, 5, 17, 2, 0))  # 09:00 in Tomsk
    tomsk_days = timezones.group_by_day([morning, late], TOMSK)
    assert [(day, [i.name for i in items]) for day, items in tomsk_days] == [
        (dt.date(2022, 5, 16), ["late"]),
        (dt.date(2022, 5, 17), ["morning"]),
    ]
    # In Beijing the late session starts at 00:30 on the 17th, so both share one day.
    beijing_days = timezones.group_by_day([morning, late], BEIJING)
    assert [(day, [i.name for i in items]) for day, items in beijing_days] == [
        (dt.date(2022, 5, 17), ["late", "morning"]),
    ]


def test_group_by_day_at_exactly_midnight_starts_the_new_day():
    last_minute = item("last minute", utc(2022, 5, 16, 16, 59))  # 23:59 Tomsk
    midnight = item("midnight", utc(2022, 5, 16, 17, 0))  # 00:00 Tomsk on the 17th
    days = timezones.group_by_day([midnight, last_minute], TOMSK)
    assert [(day, [i.name for i in items]) for day, items in days] == [
        (dt.date(2022, 5, 16), ["last minute"]),
        (dt.date(2022, 5, 17), ["midnight"]),
    ]


def test_group_by_day_across_the_dst_switch_night():
    # 22:30 UTC on 26 March is 23:30 CET; 23:30 UTC is 00:30 CET on the 27th.
    saturday = item("saturday", utc(2022, 3, 26, 22, 30))
    sunday = item("sunday", utc(2022, 3, 26, 23, 30))
    after_switch = item("after switch", utc(2022, 3, 27, 21, 59))  # 23:59 CEST
    next_day = item("next day", utc(2022, 3, 27, 22, 0))  # 00:00 CEST on the 28th
    days = timezones.group_by_day([next_day, after_switch, sunday, saturday], BRUSSELS)
    assert [(day, [i.name for i in items]) for day, items in days] == [
        (dt.date(2022, 3, 26), ["saturday"]),
        (dt.date(2022, 3, 27), ["sunday", "after switch"]),
        (dt.date(2022, 3, 28), ["next day"]),
    ]


def test_group_by_day_with_quarter_hour_offset():
    # 18:14 UTC is 23:59 in Kathmandu (+05:45); 18:15 UTC is midnight there.
    before = item("before", utc(2022, 5, 16, 18, 14))
    at_midnight = item("at midnight", utc(2022, 5, 16, 18, 15))
    days = timezones.group_by_day([at_midnight, before], KATHMANDU)
    assert [(day, [i.name for i in items]) for day, items in days] == [
        (dt.date(2022, 5, 16), ["before"]),
        (dt.date(2022, 5, 17), ["at midnight"]),
    ]
    # Kolkata (+05:30) sees both on the 16th.
    assert [day for day, _ in timezones.group_by_day([at_midnight, before], KOLKATA)] == [
        dt.date(2022, 5, 16)
    ]


@pytest.mark.parametrize(
    ("start", "end", "suits"),
    [
        (utc(2022, 5, 17, 6, 0), utc(2022, 5, 17, 7, 0), True),  # 08:00-09:00 CEST
        (utc(2022, 5, 17, 5, 59), utc(2022, 5, 17, 7, 0), False),  # 07:59
        (utc(2022, 5, 17, 19, 0), utc(2022, 5, 17, 20, 0), True),  # ends 22:00 exactly
        (utc(2022, 5, 17, 19, 0), utc(2022, 5, 17, 20, 1), False),  # ends 22:01
        (utc(2022, 5, 17, 21, 0), utc(2022, 5, 17, 23, 0), False),  # crosses midnight
    ],
)
def test_within_waking_hours_edges_in_brussels(start, end, suits):
    assert timezones.within_waking_hours(start, end, BRUSSELS) is suits


def test_within_waking_hours_follows_the_dst_switch():
    # 06:30 UTC is 07:30 in Brussels before the switch and 08:30 after it.
    saturday = utc(2022, 3, 26, 6, 30)
    sunday = utc(2022, 3, 27, 6, 30)
    assert (
        timezones.within_waking_hours(saturday, saturday + dt.timedelta(hours=1), BRUSSELS) is False
    )
    assert timezones.within_waking_hours(sunday, sunday + dt.timedelta(hours=1), BRUSSELS) is True


SEED_AUDIENCE = ["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"]


def test_regional_spans_for_the_seed_opening_suit_all_three_regions(settings):
    settings.AUDIENCE_TIME_ZONES = SEED_AUDIENCE  # the fallback, for no conference
    spans = timezones.regional_spans(utc(2022, 5, 16, 12, 0), utc(2022, 5, 16, 13, 30))
    assert [
        (s.region, f"{s.starts_at:%H:%M}", f"{s.ends_at:%H:%M}", s.start_offset, s.suits)
        for s in spans
    ] == [
        ("Beijing", "20:00", "21:30", "UTC+8", True),
        ("Moscow", "15:00", "16:30", "UTC+3", True),
        ("Brussels", "14:00", "15:30", "UTC+2", True),
    ]


def test_unsuitable_regions_names_each_region_outside_waking_hours():
    conference = SimpleNamespace(audience_time_zones=SEED_AUDIENCE)
    # 16:00-17:00 UTC: 00:00 in Beijing, 18:00 Brussels, 19:00 Moscow.
    assert timezones.unsuitable_regions(
        utc(2022, 5, 17, 16, 0), utc(2022, 5, 17, 17, 0), conference
    ) == ["Beijing"]
    # 03:00-04:00 UTC: 11:00 Beijing, 05:00 Brussels, 06:00 Moscow.
    assert timezones.unsuitable_regions(
        utc(2022, 5, 17, 3, 0), utc(2022, 5, 17, 4, 0), conference
    ) == ["Moscow", "Brussels"]


def test_the_waking_hours_window_is_the_conferences_own_audience():
    conference = SimpleNamespace(audience_time_zones=["America/Sao_Paulo", "Unknown/Zone"])
    spans = timezones.regional_spans(utc(2022, 5, 17, 3, 0), utc(2022, 5, 17, 4, 0), conference)
    assert [(span.zone_name, span.suits) for span in spans] == [("America/Sao_Paulo", False)]


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Asia/Tomsk", True),
        ("Asia/Kathmandu", True),
        ("UTC", True),
        ("Mars/Olympus_Mons", False),
        ("../../etc/passwd", False),
        ("", False),
        (None, False),
        ("asia/tomsk", False),
    ],
)
def test_get_zone_accepts_only_known_iana_names(name, known):
    zone = timezones.get_zone(name)
    assert (zone is not None) is known
    if known:
        assert zone.key == name


def test_zone_label_names_a_zone_by_its_city():
    assert timezones.zone_label("Asia/Shanghai") == "Beijing"
    assert timezones.zone_label("Europe/Brussels") == "Brussels"
    assert timezones.zone_label("America/New_York") == "New York"

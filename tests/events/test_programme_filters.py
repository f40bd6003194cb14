"""The programme by day and track (?day=, ?track=), filtered on the server so it works without
JavaScript; and the grid a wide screen lays a day out in (events.programme_grid.day_grid)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import page_cache, programme_grid
from events.models import Session
from tests.events.conftest import build_programme
from tests.factories import RoomFactory, SessionFactory, TopicFactory, utc

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article id="session-([^"]+)"')


@pytest.fixture
def week(conference):
    """Four sessions over two days in Tomsk (UTC+7), in two tracks and two rooms; the first
    two run at the same time."""
    science = TopicFactory(conference=conference, title="Open science")
    education = TopicFactory(conference=conference, title="Engineering education")
    hall, lab = (RoomFactory(conference=conference, name=name) for name in ("Hall", "Lab"))
    plan = [
        ("data", science, hall, utc(2022, 5, 16, 3)),
        ("teaching", education, lab, utc(2022, 5, 16, 3)),
        ("archives", science, lab, utc(2022, 5, 17, 3)),
        ("labs", education, hall, utc(2022, 5, 17, 5)),
    ]
    for slug, topic, room, start in plan:
        SessionFactory(
            conference=conference,
            slug=slug,
            title=slug.capitalize(),
            topic=topic,
            room=room,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    return SimpleNamespace(conference=conference, science=science, education=education)


def url(conference, prefix=""):
    return prefix + reverse("events:programme", kwargs={"slug": conference.slug})


def cards(response):
    assert response.status_code == 200
    return CARD.findall(response.content.decode())


def test_whole_programme_with_the_filter_form(client, week, settings):
    response = client.get(url(week.conference))
    assert cards(response) == ["data", "teaching", "archives", "labs"]
    html = response.content.decode()
    assert '<select class="form-select" id="filter-day" name="day">' in html
    assert '<label class="form-label" for="filter-track">Track</label>' in html
    assert '<option value="2022-05-16">Monday 16 May 2022</option>' in html
    assert f'<option value="{week.science.pk}">Open science</option>' in html
    assert "Sessions shown: 4 of 4" in html
    assert 'aria-live="polite"' in html
    assert "data-server-filtered" not in html
    canonical = (
        f'<link rel="canonical" href="{settings.SITE_URL}/events/bridge-continents/programme/">'
    )
    assert canonical in html
    filtered = client.get(url(week.conference), {"day": "2022-05-17", "track": week.science.pk})
    assert canonical in filtered.content.decode()


def test_filter_by_day(client, week):
    response = client.get(url(week.conference), {"day": "2022-05-17"})
    assert cards(response) == ["archives", "labs"]
    html = response.content.decode()
    assert "Sessions shown: 2 of 4" in html
    assert '<option value="2022-05-17" selected>' in html
    assert "data-server-filtered" in html
    assert "Monday 16 May 2022</h2>" not in html


def test_filter_by_track(client, week):
    response = client.get(url(week.conference), {"track": week.science.pk})
    assert cards(response) == ["data", "archives"]
    assert f'<option value="{week.science.pk}" selected>' in response.content.decode()


def test_filter_by_day_and_track(client, week):
    response = client.get(url(week.conference), {"day": "2022-05-16", "track": week.education.pk})
    assert cards(response) == ["teaching"]
    assert "Sessions shown: 1 of 4" in response.content.decode()


def test_empty_values_show_everything(client, week):
    response = client.get(url(week.conference), {"day": "", "track": ""})
    assert cards(response) == ["data", "teaching", "archives", "labs"]
    assert "data-server-filtered" not in response.content.decode()


def test_days_are_those_of_the_chosen_zone(client, week):
    """At 03:00 UTC it is already 16 May in Tomsk but still 15 May in Los Angeles."""
    response = client.get(url(week.conference), {"tz": "America/Los_Angeles", "day": "2022-05-15"})
    assert cards(response) == ["data", "teaching"]
    in_tomsk = Client().get(url(week.conference), {"day": "2022-05-15"})
    assert cards(in_tomsk) == ["data", "teaching", "archives", "labs"]


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "“2022-06-01” is not a day of this programme in the zone you chose"),
        ("/ru", "«2022-06-01» — не день этой программы в выбранном вами часовом поясе"),
        ("/zh-hans", "“2022-06-01”不是本日程在您所选时区中的日期"),
    ],
)
def test_unknown_day_is_ignored_with_a_message(client, week, prefix, message):
    response = client.get(url(week.conference, prefix), {"day": "2022-06-01"})
    assert cards(response) == ["data", "teaching", "archives", "labs"]
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "This programme has no such track, so every track is shown."),
        ("/ru", "В этой программе нет такого направления, поэтому показаны все направления."),
        ("/zh-hans", "本日程没有这个专题，因此显示全部专题。"),
    ],
)
def test_unknown_track_is_ignored_with_a_message(client, week, prefix, message):
    other = TopicFactory(title="Another conference's topic")  # exists, but not here
    response = client.get(url(week.conference, prefix), {"track": other.pk})
    assert cards(response) == ["data", "teaching", "archives", "labs"]
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"day": "Monday"},
        {"day": "2022-13-45"},
        {"day": "x" * 500},
        {"track": "science"},
        {"track": "99999999999999999999"},
        {"track": "-1", "day": "<script>"},
    ],
)
def test_malformed_values_never_break_the_page(client, week, params):
    response = client.get(url(week.conference), params)
    assert cards(response) == ["data", "teaching", "archives", "labs"]
    html = response.content.decode()
    assert "every day is shown" in html or "every track is shown" in html
    assert "<script>”" not in html


def test_a_filter_matching_nothing_says_so(client, week):
    response = client.get(url(week.conference), {"day": "2022-05-16"})
    assert "No session matches these filters." in response.content.decode()
    assert '<p class="mt-2 mb-0" hidden data-programme-empty>' in response.content.decode()
    lone = TopicFactory(conference=week.conference, title="Lonely topic")
    SessionFactory(
        conference=week.conference,
        slug="lonely",
        topic=lone,
        starts_at=utc(2022, 5, 18, 3),
        ends_at=utc(2022, 5, 18, 4),
    )
    response = client.get(url(week.conference), {"day": "2022-05-16", "track": lone.pk})
    assert cards(response) == []
    assert '<p class="mt-2 mb-0" data-programme-empty>' in response.content.decode()


def test_filtered_pages_are_cached_per_filter(client, week):
    address = url(week.conference)
    first = client.get(address, {"day": "2022-05-17"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address, {"day": "2022-05-17"})
    assert len(queries) == 0
    assert cards(again) == cards(first) == ["archives", "labs"]
    # Another filter, or none, is another page.
    assert cards(client.get(address, {"track": week.science.pk})) == ["data", "archives"]
    assert cards(client.get(address)) == ["data", "teaching", "archives", "labs"]


def test_unknown_values_are_never_stored(client, week, settings):
    """A made-up day is rendered each time (like a ?tz= choice), never kept: a query string
    cannot fill the cache."""
    address = url(week.conference)
    client.get(address, {"day": "1999-01-01"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, {"day": "1999-01-01"})
    assert "is not a day of this programme" in response.content.decode()
    assert any('FROM "events_conference"' in q["sql"] for q in queries)


@pytest.mark.parametrize("size", [5, 300])
def test_filtered_pages_within_the_same_budget_at_both_sizes(
    client, django_assert_num_queries, size
):
    conference, sessions = build_programme(size)
    address = reverse("events:programme", kwargs={"slug": conference.slug})
    day = sessions[0].starts_at.astimezone(conference.zone).date().isoformat()
    track = sessions[0].topic_id
    for params in [{"day": day}, {"track": track}, {"day": day, "track": track}]:
        # The first page after an organiser's save: the conference, its look, the
        # programme's rows (sessions, speakers) and the filter values it may be cached for.
        page_cache.invalidate_public_pages()
        with django_assert_num_queries(5):
            response = client.get(address, params)
        shown = cards(response)
        assert shown
        expected = [
            s.slug
            for s in sessions
            if (params.get("track") is None or s.topic_id == track)
            and (
                params.get("day") is None
                or s.starts_at.astimezone(conference.zone).date().isoformat() == day
            )
        ]
        assert shown == expected
        # A visitor in a zone nobody asked for before: only the conference is read.
        visitor = Client()
        visitor.cookies["programme_tz"] = "Asia/Kathmandu"
        with django_assert_num_queries(1):
            visitor.get(address, params)


# --- The grid --------------------------------------------------------------------------


def entry(start, end, room="Hall", spans=False):
    return SimpleNamespace(
        starts_at=utc(2022, 5, 16, *start),
        ends_at=utc(2022, 5, 16, *end),
        room=room,
        spans=spans,
    )


def grid(entries):
    return programme_grid.day_grid(
        entries, column_of=lambda e: e.room, spans_rooms=lambda e: e.spans
    )


def test_parallel_sessions_share_their_rows_in_their_rooms():
    opening = entry((8,), (9,), room="Hall", spans=True)
    hall, lab = entry((9,), (10,), room="Hall"), entry((9,), (10,), room="Lab")
    lunch = entry((10,), (11,), room=None, spans=True)
    long_talk = entry((11,), (13,), room="Lab")
    short_talk = entry((11,), (12,), room="Hall")
    layout = grid([opening, hall, lab, lunch, long_talk, short_talk])
    assert layout.columns == ["Hall", "Lab"]
    place = layout.placements
    assert place[id(opening)].css_class == "rs-2 re-3 c-all"
    assert place[id(hall)].css_class == "rs-3 re-4 c-1"
    assert place[id(lab)].css_class == "rs-3 re-4 c-2"
    assert place[id(lunch)].css_class == "rs-4 re-5 c-all"
    assert place[id(long_talk)].css_class == "rs-5 re-7 c-2"
    assert place[id(short_talk)].css_class == "rs-5 re-6 c-1"
    assert [(line, moment.hour) for line, moment in layout.ticks] == [
        (2, 8),
        (3, 9),
        (4, 10),
        (5, 11),
    ]


def test_a_plenary_beside_another_session_stays_in_its_room():
    plenary = entry((9,), (10,), room="Hall", spans=True)
    workshop = entry((9, 30), (10, 30), room="Lab")
    layout = grid([plenary, workshop])
    assert layout.placements[id(plenary)].column == 1
    assert layout.placements[id(workshop)].column == 2


def test_sessions_without_a_room_get_the_last_column():
    layout = grid([entry((9,), (10,), room=None), entry((9,), (10,), room="Hall")])
    assert layout.columns == ["Hall", None]


def test_two_sessions_in_one_room_at_once_make_a_list():
    assert grid([entry((9,), (10,)), entry((9, 30), (10, 30))]) is None


def test_too_many_rooms_or_times_make_a_list():
    rooms = [entry((9,), (10,), room=f"Room {n}") for n in range(programme_grid.GRID_MAX_ROOMS + 1)]
    assert grid(rooms) is None
    assert grid(rooms[:-1]) is not None
    many = [
        SimpleNamespace(
            starts_at=utc(2022, 5, 16) + dt.timedelta(minutes=n),
            ends_at=utc(2022, 5, 16) + dt.timedelta(minutes=n + 1),
            room="Hall",
            spans=False,
        )
        for n in range(programme_grid.GRID_MAX_ROWS + 1)
    ]
    assert grid(many) is None
    assert grid(many[:-1]) is not None


def test_the_stylesheet_has_every_line_and_column_the_grid_uses(settings):
    css = (settings.BASE_DIR / "static" / "css" / "programme.css").read_text()
    last_line = programme_grid.GRID_MAX_ROWS + 2
    for line in range(2, last_line):
        assert f".rs-{line}{{grid-row-start:{line}}}" in css
    for line in range(3, last_line + 1):
        assert f".re-{line}{{grid-row-end:{line}}}" in css
    for column in range(1, programme_grid.GRID_MAX_ROOMS + 1):
        assert f".programme-grid .c-{column} {{ grid-column: {column + 1}; }}" in css
        assert f".cols-{column} {{ --programme-rooms: {column}; }}" in css


def test_the_page_lays_parallel_sessions_out_in_a_grid(client, week):
    html = client.get(url(week.conference)).content.decode()
    assert '<div class="programme-grid cols-2">' in html
    assert re.search(r'<article id="session-data" class="[^"]* rs-2 re-3 c-1"', html)
    assert re.search(r'<article id="session-teaching" class="[^"]* rs-2 re-3 c-2"', html)
    assert '<div class="programme-room-head c-1" aria-hidden="true">Hall</div>' in html


def test_each_card_says_the_event_time_when_the_zone_differs(client, week):
    html = client.get(url(week.conference), {"tz": "Europe/Brussels"}).content.decode()
    assert ('<span class="programme-event-time">Tomsk 10:00–11:00 UTC+7</span>') in html
    # Brussels is UTC+2 in May: the visitor's own time comes first, as <time> elements.
    assert '<time datetime="2022-05-16T05:00:00+02:00">05:00</time>' in html
    in_tomsk = Client().get(url(week.conference)).content.decode()
    assert "programme-event-time" not in in_tomsk


def test_a_break_alone_spans_every_room(client, week):
    SessionFactory(
        conference=week.conference,
        slug="coffee",
        kind=Session.Kind.BREAK,
        starts_at=utc(2022, 5, 16, 4),
        ends_at=utc(2022, 5, 16, 4, 30),
    )
    html = client.get(url(week.conference)).content.decode()
    assert re.search(r'<article id="session-coffee" class="[^"]*kind-break rs-3 re-4 c-all"', html)


def test_filters_on_a_made_up_conference_are_404_and_keep_nothing(client):
    response = client.get("/events/no-such-conference/programme/", {"day": "2022-05-16"})
    assert response.status_code == 404
    assert not any(name.startswith("programme-filters:") for name in page_cache._derived)

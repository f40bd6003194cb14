"""What a visitor reads in their language besides the translated strings: dates in the
language's own forms, time-zone cities and regions from CLDR, countries from
django-countries. None of it needs a translation catalogue."""

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from events.models import Session
from tests.factories import ConferenceFactory, DateChangeFactory, SessionFactory, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    """Shaped like the seed: Tomsk time, 16-20 May 2022, in Russia, with one session on the
    first evening that ends after midnight in Beijing."""
    conference = ConferenceFactory(
        slug="bridge-continents",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
        venue_country="RU",
    )
    SessionFactory(
        conference=conference,
        title="Evening panel",
        slug="evening-panel",
        format=Session.Format.HYBRID,
        starts_at=utc(2022, 5, 16, 15, 0),
        ends_at=utc(2022, 5, 16, 16, 30),
    )
    return conference


# --- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "start", "beijing"),
    [
        ("", "Mon 16 May 2022, 19:00", "Beijing"),
        ("/ru", "Пн, 16 мая 2022 г., 19:00", "Пекин"),
        ("/zh-hans", "2022年5月16日 星期一 19:00", "北京"),
    ],
)
def test_the_event_page_writes_the_dates_and_cities_in_the_pages_language(
    client, conference, prefix, start, beijing
):
    response = client.get(f"{prefix}/events/bridge-continents/")

    assertContains(
        response, f'<time datetime="2022-05-16T19:00:00+07:00">{start}</time>', html=True
    )
    assertContains(response, f"<strong>{beijing}</strong>", html=True)


@pytest.mark.parametrize(
    ("prefix", "day"),
    [("", "16 May 2022"), ("/ru", "16 мая 2022 г."), ("/zh-hans", "2022年5月16日")],
)
def test_the_conference_list_writes_the_start_day_in_the_pages_language(
    client, conference, prefix, day
):
    response = client.get(f"{prefix}/events/")

    assertContains(response, f'<time datetime="2022-05-16T12:00:00+00:00">{day}</time>', html=True)


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Monday 16 May 2022"),
        ("/ru", "Понедельник, 16 мая 2022 г."),
        ("/zh-hans", "2022年5月16日 星期一"),
    ],
)
def test_the_programme_heads_each_day_in_the_pages_language(client, conference, prefix, heading):
    response = client.get(f"{prefix}/events/bridge-continents/programme/")

    assertContains(response, f'<h2 id="day-1" class="h4">{heading}</h2>', html=True)


@pytest.mark.parametrize(
    ("prefix", "later_day"),
    [("", "Tue 17 May"), ("/ru", "Вт, 17 мая"), ("/zh-hans", "5月17日 星期二")],
)
def test_a_session_ending_on_a_later_day_names_that_day_in_the_pages_language(
    client, conference, prefix, later_day
):
    # 15:00-16:30 UTC is 23:00-00:30 in Beijing.
    response = client.get(f"{prefix}/events/bridge-continents/programme/?tz=Asia/Shanghai")

    assertContains(response, f"00:30</time> ({later_day}) ")


@pytest.mark.parametrize(
    ("prefix", "previous"),
    [("", "20 September 2021"), ("/ru", "20 сентября 2021 г."), ("/zh-hans", "2021年9月20日")],
)
def test_the_date_history_writes_the_previous_day_in_the_pages_language(
    client, conference, prefix, previous
):
    # 20:00 UTC on 19 September is already the 20th in Tomsk.
    DateChangeFactory(
        conference=conference, previous_month=None, previous_starts_at=utc(2021, 9, 19, 20, 0)
    )

    response = client.get(f"{prefix}/events/bridge-continents/")

    assertContains(response, previous)


# --- Time-zone cities -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "cities"),
    [
        ("", ["Tomsk", "Beijing", "Moscow", "Brussels", "UTC"]),
        ("/ru", ["Томск", "Пекин", "Москва", "Брюссель", "UTC"]),
        ("/zh-hans", ["托木斯克", "北京", "莫斯科", "布鲁塞尔", "UTC"]),
    ],
)
def test_the_zone_pickers_short_list_names_each_city_in_the_pages_language(
    client, conference, prefix, cities
):
    response = client.get(f"{prefix}/events/bridge-continents/programme/?tz=UTC")

    names = ["Asia/Tomsk", "Asia/Shanghai", "Europe/Moscow", "Europe/Brussels", "UTC"]
    with translation.override(prefix.strip("/") or "en"):
        events_own = translation.gettext("event's zone")
    for name, city in zip(names, cities, strict=True):
        selected = " selected" if name == "UTC" else ""
        event_zone = f" ({events_own})" if name == "Asia/Tomsk" else ""
        assertContains(response, f'<option value="{name}"{selected}>{city}{event_zone}</option>')


def test_a_zone_outside_the_short_list_is_named_by_its_city_in_the_pages_language(
    client, conference
):
    path = "/events/bridge-continents/programme/?tz=America/New_York"

    assertContains(client.get(path), "Times are shown for New York (America/New_York).")
    assertContains(
        client.get(f"/ru{path}"), '<option value="America/New_York" selected>Нью-Йорк</option>'
    )
    assertContains(
        client.get(f"/zh-hans{path}"), '<option value="America/New_York" selected>纽约</option>'
    )


def test_the_list_of_every_zone_carries_the_city_where_the_language_spells_it_otherwise(
    client, conference
):
    english = client.get("/events/bridge-continents/programme/")
    russian = client.get("/ru/events/bridge-continents/programme/")
    chinese = client.get("/zh-hans/events/bridge-continents/programme/")

    # IANA names are English: the English list is bare names.
    assertContains(english, '<option value="Asia/Tomsk">')
    assertNotContains(english, '<option value="Asia/Tomsk" label=')
    assertNotContains(english, '" label="')
    assertContains(russian, '<option value="Asia/Tomsk" label="Томск">')
    assertContains(russian, '<option value="Asia/Shanghai" label="Пекин">')
    assertContains(chinese, '<option value="Europe/Brussels" label="布鲁塞尔">')
    # No city in CLDR's Russian for Kolkata: the English name, so no label.
    assertContains(russian, '<option value="Asia/Kolkata">')


@pytest.mark.parametrize(
    ("prefix", "regions"),
    [
        ("", ["Beijing", "Moscow", "Brussels"]),
        ("/ru", ["Пекин", "Москва", "Брюссель"]),
        ("/zh-hans", ["北京", "莫斯科", "布鲁塞尔"]),
    ],
)
def test_the_regions_view_names_the_regions_in_the_pages_language(
    client, conference, prefix, regions
):
    response = client.get(f"{prefix}/events/bridge-continents/live-from-your-region/")

    for region in regions:
        assertContains(response, f'<th scope="col">{region}</th>', html=True)


def test_the_session_page_names_the_venues_zone_by_its_city_in_the_pages_language(
    client, conference
):
    path = "/events/bridge-continents/programme/evening-panel/?tz=Europe/Brussels"

    russian = client.get(f"/ru{path}")
    chinese = client.get(f"/zh-hans{path}")

    # The zone the page is shown in, and the venue's, by their cities.
    assertContains(russian, "UTC+2</span>\n (Брюссель)")
    assertContains(russian, "Томск")
    assertContains(chinese, "UTC+2</span>\n (布鲁塞尔)")
    assertContains(chinese, "托木斯克")


# --- Countries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "country"), [("", "Russia"), ("/ru", "Россия"), ("/zh-hans", "俄罗斯")]
)
def test_the_venues_country_is_named_in_the_pages_language(client, conference, prefix, country):
    response = client.get(f"{prefix}/events/bridge-continents/")

    assertContains(response, f", {country}, ")


@pytest.mark.parametrize(
    ("prefix", "typed", "zone"),
    [
        ("/ru", "Пекин", "Asia/Shanghai"),
        ("/ru", " нью-йорк ", "America/New_York"),
        ("/zh-hans", "布鲁塞尔", "Europe/Brussels"),
        ("", "Beijing", "Asia/Shanghai"),
        ("/ru", "Kolkata", "Asia/Kolkata"),  # English works on every page
    ],
)
def test_a_city_typed_in_the_pages_language_picks_its_zone(client, conference, prefix, typed, zone):
    response = client.get(f"{prefix}/events/bridge-continents/programme/", {"tz": typed})

    assertContains(response, f'<option value="{zone}" selected>')
    assert response.cookies["programme_tz"].value == zone


def test_a_city_we_do_not_know_is_still_a_message_not_an_error(client, conference):
    response = client.get("/ru/events/bridge-continents/programme/", {"tz": "Атлантида"})

    assertContains(response, '<div class="alert alert-warning" role="alert">«Атлантида»')
    assert "programme_tz" not in response.cookies

"""Two conferences in different cities, zones and senders: each page, form, list of zones
and document speaks of its own conference, never of the other."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import printing
from tests.documents.conftest import pdf_text
from tests.factories import ConferenceFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_documents(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def tomsk():
    return ConferenceFactory(
        title="Bridge Continents",
        slug="bridge",
        time_zone="Asia/Tomsk",
        venue_name="Main building",
        venue_city="Tomsk",
        venue_city_ru="Томск",
        venue_city_zh_hans="托木斯克",
        venue_country="RU",
        audience_time_zones=["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"],
        mail_sender_address="bridge@tpu.example",
    )


@pytest.fixture
def porto():
    now = timezone.now()
    return ConferenceFactory(
        title="Atlantic Engineering Days",
        slug="atlantic",
        time_zone="Europe/Lisbon",
        starts_at=now + dt.timedelta(days=90),
        ends_at=now + dt.timedelta(days=92),
        venue_name="Faculty of Engineering",
        venue_city="Porto",
        venue_city_ru="Порту",
        venue_city_zh_hans="波尔图",
        venue_country="PT",
        audience_time_zones=["America/Sao_Paulo", "Africa/Luanda"],
        mail_sender_address="days@up.example",
    )


OTHERS = {
    "tomsk": ("Porto", "Порту", "波尔图", "Lisbon", "Sao Paulo", "Luanda"),
    "porto": ("Tomsk", "Томск", "托木斯克", "Beijing", "Moscow", "Brussels", "Пекин", "北京"),
}


def assert_speaks_of_its_own(text, own, name):
    for word in own:
        assert word in text, word
    for word in OTHERS[name]:
        assert word not in text, word


def test_the_registration_form_offers_its_own_city(client, tomsk, porto):
    porto_form = client.get(reverse("registration:register", kwargs={"slug": porto.slug})).text
    tomsk_form = client.get(reverse("registration:register", kwargs={"slug": tomsk.slug})).text
    assert_speaks_of_its_own(porto_form, ["In person in Porto"], "porto")
    assert_speaks_of_its_own(tomsk_form, ["In person in Tomsk"], "tomsk")
    russian = client.get(f"/ru{reverse('registration:register', kwargs={'slug': porto.slug})}")
    assert "Порту" in russian.text
    assert "Томск" not in russian.text


def test_the_event_pages_show_their_own_place_and_audience_zones(client, tomsk, porto):
    assert_speaks_of_its_own(
        client.get(porto.get_absolute_url()).text, ["Porto", "Sao Paulo", "Luanda"], "porto"
    )
    assert_speaks_of_its_own(
        client.get(tomsk.get_absolute_url()).text, ["Tomsk", "Beijing", "Brussels"], "tomsk"
    )


def zone_short_list(client, conference, prefix=""):
    response = client.get(f"{prefix}{conference.get_absolute_url()}programme/")
    return [name for name, _label in response.context["zone_short_list"]]


def test_the_zone_pickers_short_list_is_each_conferences_own(client, tomsk, porto):
    assert zone_short_list(client, porto) == [
        "Europe/Lisbon",
        "America/Sao_Paulo",
        "Africa/Luanda",
        "UTC",
    ]
    assert zone_short_list(client, tomsk) == [
        "Asia/Tomsk",
        "Asia/Shanghai",
        "Europe/Moscow",
        "Europe/Brussels",
        "UTC",
    ]


def test_the_programme_and_its_waking_hours_speak_of_their_own_audience(client, tomsk, porto):
    for conference in (tomsk, porto):
        SessionFactory(conference=conference, title=f"Opening of {conference.title}")
    page = client.get(f"{porto.get_absolute_url()}programme/").text
    assert "Opening of Atlantic Engineering Days" in page
    assert "Opening of Bridge Continents" not in page
    regions = client.get(reverse("events:programme_regions", kwargs={"slug": porto.slug})).text
    assert_speaks_of_its_own(regions, ["Sao Paulo", "Luanda"], "porto")
    regions = client.get(reverse("events:programme_regions", kwargs={"slug": tomsk.slug})).text
    assert_speaks_of_its_own(regions, ["Beijing", "Moscow", "Brussels"], "tomsk")


def test_a_fallback_conference_without_audience_zones_offers_its_zone_and_utc(client, settings):
    settings.AUDIENCE_TIME_ZONES = ["UTC"]
    bare = ConferenceFactory(time_zone="America/Chicago", audience_time_zones=[])
    assert zone_short_list(client, bare) == ["America/Chicago", "UTC"]


def test_letters_badges_and_status_speak_of_their_own_city(client, tomsk, porto):
    for conference, own in ((porto, "porto"), (tomsk, "tomsk")):
        person = RegistrationFactory(
            conference=conference, attendance_mode="in_person", institution="A university"
        )
        city = conference.venue_city
        letter = pdf_text(printing.letter_pdf(person))
        assert_speaks_of_its_own(letter, [f"In person in {city}"], own)
        badges = pdf_text(printing.badges_pdf([person], "a6"))
        assert conference.title in badges
        manage = client.get(reverse("registration:manage", kwargs={"token": person.manage_token}))
        assert_speaks_of_its_own(manage.text, [f"Your seat in {city} is reserved."], own)


def test_a_russian_letter_names_the_city_in_russian(tomsk, porto):
    person = RegistrationFactory(
        conference=porto, attendance_mode="in_person", institution="A university"
    )
    person.language = "ru"
    person.save(update_fields=["language"])
    letter = pdf_text(printing.letter_pdf(person))
    assert "Порту" in letter
    assert "Томск" not in letter

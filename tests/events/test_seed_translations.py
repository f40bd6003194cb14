"""The seed conference in English, Russian and Chinese, flagged for the organisers to review."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from pytest_django.asserts import assertContains

from events import seed_translations
from events import translation as content_translation
from events.management.commands.load_programme import load_provisional_programme
from events.models import Conference, Goal, Organisation, Session, Topic
from tests.factories import AnniversaryFactory, ConferenceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def load(command):
    out = StringIO()
    call_command(command, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def seed():
    load("load_conference")
    load("load_programme")
    return Conference.objects.get()


def test_the_seed_conference_speaks_russian_and_chinese(seed):
    assert (seed.title_en, seed.title_ru, seed.title_zh_hans) == (
        "Science and Technology Bridge Continents",
        "Наука и технологии: мост между континентами",
        "科学技术：连接各大洲的桥梁",
    )
    assert (seed.venue_city_ru, seed.venue_city_zh_hans) == ("Томск", "托木斯克")
    assert seed.description_ru.count("\n\n") == seed.description_en.count("\n\n") == 2
    assert seed.date_changes.get().reason_zh_hans.startswith("尽管俄罗斯的疫情形势逐步好转")


def test_the_organisations_carry_their_official_names(seed):
    names = {
        o.acronym_en: (o.name_ru, o.name_zh_hans, o.acronym_ru) for o in Organisation.objects.all()
    }
    assert names == {
        "TPU": ("Томский политехнический университет", "托木斯克理工大学", "ТПУ"),
        "ASRTU": (
            "Ассоциация технических университетов России и Китая",
            "中俄工科大学联盟",
            "АТУРК",
        ),
        "CESAER": ("CESAER", "CESAER", "CESAER"),
        "AEER": ("Ассоциация инженерного образования России", "俄罗斯工程教育协会", "АИОР"),
    }


def test_nothing_of_the_seed_is_missing_in_any_language(seed):
    assert content_translation.missing_report(seed) == [("Russian", []), ("Simplified Chinese", [])]
    assert not Goal.objects.filter(content_translation.missing_in(Goal, "ru")).exists()
    assert not Topic.objects.filter(content_translation.missing_in(Topic, "zh-hans")).exists()
    assert not Session.objects.filter(content_translation.missing_in(Session, "ru")).exists()


def test_the_provisional_programme_is_translated(seed):
    opening, first_topic, *_, closing = seed.sessions.order_by("starts_at", "title_en")
    assert opening.title_ru == "Открытие: 125 лет ТПУ, 10 лет АТУРК, 30 лет CESAER"
    assert (
        opening.title_zh_hans
        == "开幕式：托木斯克理工大学125周年、中俄工科大学联盟10周年、CESAER 30周年"
    )
    assert first_topic.title_ru == first_topic.topic.title_ru
    assert first_topic.description_zh_hans == (
        f"围绕会议议题之一展开讨论：{first_topic.topic.title_zh_hans}。\n\n"
        "本场属于暂定日程：时间、题目和发言人仍可能调整。"
    )
    assert closing.title_ru == "Закрытие: устойчивые связи между ректорами и их университетами"


def test_the_seed_translations_are_flagged_for_review(seed, admin_client):
    assert seed.translations_to_review is True
    response = admin_client.get(f"/admin/events/conference/{seed.pk}/change/")
    form = response.context["adminform"].form
    assert form.initial["translations_to_review"] is True
    assertContains(response, "Nothing missing.", count=2)


def test_the_russian_page_shows_the_seed_in_russian(client, seed):
    response = client.get(f"/ru/events/{seed.slug}/")
    assertContains(
        response,
        '<h1 id="conference-title" class="event-title">'
        "Наука и технологии: мост между континентами</h1>",
        html=True,
    )
    assertContains(response, "Ассоциация технических университетов России и Китая")


def test_a_site_loaded_before_translations_gets_them_on_the_next_load():
    load("load_conference")
    conference = Conference.objects.get()
    Conference.objects.update(title_ru=None, summary_ru="Своё резюме", translations_to_review=False)
    Goal.objects.update(text_ru=None)
    edited = Goal.objects.order_by("order").first()
    edited.text_en = "A goal an organiser rewrote"
    edited.save()

    output = load("load_conference")

    conference.refresh_from_db()
    assert "Russian and Chinese texts for the organisers to review" in output
    assert conference.title_ru == "Наука и технологии: мост между континентами"
    assert conference.summary_ru == "Своё резюме"  # typed by an organiser: kept
    assert conference.translations_to_review is True
    edited.refresh_from_db()
    assert edited.text_ru is None  # its English is no longer the seed's
    assert Goal.objects.exclude(pk=edited.pk).filter(text_ru=None).count() == 0
    assert "nothing changed" in load("load_conference")


def test_an_opening_whose_anniversaries_lack_translations_stays_english():
    conference = ConferenceFactory()
    organisation = OrganisationFactory(name="Harbin Institute of Technology", acronym="HIT")
    AnniversaryFactory(conference=conference, organisation=organisation, years=102)

    opening, *_ = load_provisional_programme(conference=conference)

    assert opening.title_en == "Opening: 102 years of HIT"
    assert (opening.title_ru, opening.title_zh_hans) == (None, None)
    with translation.override("ru"):
        assert opening.title == "Opening: 102 years of HIT"


def test_the_programme_loaded_from_the_russian_admin_keeps_its_english_columns():
    load("load_conference")
    conference = Conference.objects.get()
    with translation.override("ru"):
        sessions = load_provisional_programme(conference=conference)
    assert sessions[0].title_en.startswith("Opening: 125 years of TPU")
    assert sessions[0].title_ru.startswith("Открытие: 125 лет ТПУ")


@pytest.mark.parametrize(
    ("years", "phrase"),
    [(1, "1 год"), (3, "3 года"), (11, "11 лет"), (12, "12 лет"), (21, "21 год"), (125, "125 лет")],
)
def test_russian_years_agree_with_their_number(years, phrase):
    assert seed_translations.russian_years(years) == phrase


def test_an_unknown_english_text_has_no_seed_translation():
    assert seed_translations.translated("Not a seed sentence", "ru") is None
    assert seed_translations.translated("", "zh-hans") is None


def test_a_programme_loaded_before_translations_gets_them_on_the_next_load(seed):
    Session.objects.update(title_ru=None, description_ru=None)
    edited = seed.sessions.get(slug="closing-session")
    edited.title_en = "Closing, as an organiser wrote it"
    edited.save()

    output = load("load_programme")

    assert "added 22 Russian and Chinese texts" in output
    opening = seed.sessions.get(slug="opening-ceremony")
    assert opening.title_ru == "Открытие: 125 лет ТПУ, 10 лет АТУРК, 30 лет CESAER"
    edited.refresh_from_db()
    assert (edited.title_ru, edited.description_ru) == (None, None)
    assert "nothing changed" in load("load_programme")

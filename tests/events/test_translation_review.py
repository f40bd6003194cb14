"""Organisers see what is missing in each language, and which translations still await a
review (the seed conference's Russian and Chinese are a first draft)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from events import translation
from events.models import Conference
from tests.factories import (
    ConferenceFactory,
    GoalFactory,
    OrganisationFactory,
    SessionFactory,
    SpeakerFactory,
    team_member,
)

pytestmark = pytest.mark.django_db


def changelist_titles(response):
    return sorted(str(obj) for obj in response.context["cl"].result_list)


BLANK_CONTENT = {
    "description": "",
    "venue_name": "",
    "venue_city": "",
    "in_person_eligibility": "",
    "online_eligibility": "",
}


def test_the_conference_list_filters_what_is_missing_in_a_language(admin_client):
    ConferenceFactory(
        **BLANK_CONTENT,
        title="All translated",
        title_ru="Всё",
        title_zh_hans="全部",
        summary="S",
        summary_ru="С",
        summary_zh_hans="摘",
    )
    ConferenceFactory(
        **BLANK_CONTENT, title="Only Russian", title_ru="Только", summary="S", summary_ru="С"
    )
    url = reverse("admin:events_conference_changelist")

    in_russian = admin_client.get(url, {"missing_in": "ru"})
    in_chinese = admin_client.get(url, {"missing_in": "zh-hans"})
    unfiltered = admin_client.get(url)

    assert changelist_titles(in_russian) == []
    assert changelist_titles(in_chinese) == ["Only Russian"]
    assert changelist_titles(unfiltered) == ["All translated", "Only Russian"]


def test_an_unknown_language_in_the_filter_lists_everything(admin_client):
    ConferenceFactory(title="Only English")
    response = admin_client.get(reverse("admin:events_conference_changelist"), {"missing_in": "xx"})
    assert response.status_code == 200
    assert changelist_titles(response) == ["Only English"]


def test_an_empty_english_field_is_not_missing_in_other_languages():
    conference = ConferenceFactory(
        **{**BLANK_CONTENT, "venue_city": "Tomsk"}, title="T", title_ru="Т", summary="S"
    )
    assert translation.missing_fields(conference, "ru") == ["summary", "venue_city"]
    assert translation.missing_fields(conference, "zh-hans") == ["title", "summary", "venue_city"]
    assert translation.missing_fields(conference, "en") == []


def test_the_session_list_says_what_is_missing_per_language(admin_client):
    SessionFactory(title="Opening", title_ru="Открытие", description="Welcome.")
    response = admin_client.get(reverse("admin:events_session_changelist"))
    assertContains(
        response,
        '<td class="field-missing_translations">Russian: Description; '
        "Simplified Chinese: Title, Description</td>",
        html=True,
    )


def test_the_session_list_costs_the_same_queries_with_translations_shown(
    admin_client, django_assert_max_num_queries
):
    conference = ConferenceFactory()
    SessionFactory(conference=conference)
    url = reverse("admin:events_session_changelist")
    admin_client.get(url)  # warm the session and content types
    with django_assert_max_num_queries(20) as one:
        admin_client.get(url)
    for _ in range(5):
        SessionFactory(conference=conference)
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(url)


def test_organisations_speakers_and_rooms_have_the_missing_filter(admin_client):
    OrganisationFactory(name="CESAER", acronym="")
    OrganisationFactory(
        name="Tomsk Polytechnic University",
        acronym="TPU",
        name_ru="Томский политехнический университет",
        acronym_ru="ТПУ",
    )
    SpeakerFactory(position="Rector", position_ru="Ректор", affiliation="")
    response = admin_client.get(
        reverse("admin:events_organisation_changelist"), {"missing_in": "ru"}
    )
    assert [o.name for o in response.context["cl"].result_list] == ["CESAER"]
    speakers = admin_client.get(reverse("admin:events_speaker_changelist"), {"missing_in": "ru"})
    assert changelist_titles(speakers) == []
    rooms = admin_client.get(reverse("admin:events_room_changelist"), {"missing_in": "zh-hans"})
    assert rooms.status_code == 200


def test_the_change_page_lists_every_missing_translation_of_the_conference(admin_client):
    conference = ConferenceFactory(
        title="Bridge",
        title_ru="Мост",
        title_zh_hans="桥",
        summary="S",
        summary_ru="С",
        summary_zh_hans="摘",
        description="",
        venue_name="",
        venue_city="",
        in_person_eligibility="",
        online_eligibility="",
        venue_street="",
    )
    GoalFactory(conference=conference, text="Build bridges", text_zh_hans="架桥")
    SessionFactory(
        conference=conference,
        title="Opening",
        title_ru="Открытие",
        title_zh_hans="开幕",
        description="Welcome.",
        description_ru="Добро пожаловать.",
    )

    report = translation.missing_report(conference)

    assert report == [
        ("Russian", ["Goal “Build bridges”: Text"]),
        ("Simplified Chinese", ["Session “Opening”: Description"]),
    ]
    page = admin_client.get(reverse("admin:events_conference_change", args=[conference.pk]))
    assert "<li>Goal “Build bridges”: Text</li>" in page.content.decode()


def test_the_seed_translations_await_review_until_an_organiser_marks_them(admin_client):
    conference = ConferenceFactory(translations_to_review=True)
    url = reverse("admin:events_conference_changelist")
    assert changelist_titles(admin_client.get(url, {"translations_to_review__exact": "1"})) == [
        str(conference)
    ]

    response = admin_client.post(
        url,
        {"action": "mark_translations_reviewed", "_selected_action": [conference.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Translations of 1 conference marked as reviewed."
    ]
    assert Conference.objects.get(pk=conference.pk).translations_to_review is False


@pytest.mark.parametrize("group", ["Registration managers"])
def test_a_group_without_change_permission_cannot_mark_translations_reviewed(group):
    conference = ConferenceFactory(translations_to_review=True)
    user = get_user_model().objects.create_user(username="desk", password="x", is_staff=True)
    team_member(group, user=user)
    client = Client()
    client.force_login(user)

    client.post(
        reverse("admin:events_conference_changelist"),
        {"action": "mark_translations_reviewed", "_selected_action": [conference.pk]},
    )

    assert Conference.objects.get(pk=conference.pk).translations_to_review is True


def test_the_admin_finds_content_by_its_text_in_any_language(admin_client):
    SessionFactory(title="Opening", title_ru="Открытие", title_zh_hans="开幕式")
    SessionFactory(title="Closing")
    url = reverse("admin:events_session_changelist")
    for query in ["Открытие", "开幕", "Opening"]:
        response = admin_client.get(url, {"q": query})
        assert changelist_titles(response) == ["Opening"], query

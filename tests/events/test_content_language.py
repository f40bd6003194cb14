"""Content that falls back to English inside a Russian or Chinese page carries lang="en" on
its element, so screen readers pronounce it as English; translated content and English
pages carry nothing extra, and no page costs a query more."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from events import page_cache
from tests.events.conftest import EXPECTED, build_programme, urls
from tests.factories import (
    ConferenceFactory,
    GoalFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template(source).render(Context(context))


def test_the_conference_page_marks_only_the_untranslated_content(client):
    conference = ConferenceFactory(
        title="Bridge Continents",
        title_ru="Мосты континентов",
        summary="Science without borders.",
        description="First paragraph.\n\nSecond paragraph.",
        description_ru="Первый абзац.",
        in_person_eligibility="Members of the networks.",
    )
    GoalFactory(conference=conference, text="Build bridges")
    GoalFactory(conference=conference, text="Share labs", text_ru="Делиться лабораториями")
    TopicFactory(conference=conference, title="Open science")

    response = client.get(f"/ru/events/{conference.slug}/")

    assertContains(
        response, '<h1 id="conference-title" class="event-title">Мосты континентов</h1>', html=True
    )
    assertContains(response, '<p class="lead" lang="en">Science without borders.</p>', html=True)
    assertContains(response, "<p>Первый абзац.</p>", html=True)
    assertContains(response, '<li lang="en">Build bridges</li>', html=True)
    assertContains(response, "<li>Делиться лабораториями</li>", html=True)
    assertContains(response, '<li lang="en">Open science</li>', html=True)
    assertContains(response, '<dd lang="en">Members of the networks.</dd>', html=True)


def test_an_english_description_in_a_chinese_page_is_english_paragraph_by_paragraph(client):
    conference = ConferenceFactory(description="First paragraph.\n\nSecond paragraph.")
    response = client.get(f"/zh-hans/events/{conference.slug}/")
    assertContains(response, '<p lang="en">First paragraph.</p>', html=True)
    assertContains(response, '<p lang="en">Second paragraph.</p>', html=True)


def test_english_pages_mark_nothing(client):
    conference = ConferenceFactory(title="Bridge Continents", title_ru="Мосты континентов")
    GoalFactory(conference=conference, text="Build bridges")
    response = client.get(f"/events/{conference.slug}/")
    assertContains(
        response, '<h1 id="conference-title" class="event-title">Bridge Continents</h1>', html=True
    )
    assertContains(response, "<li>Build bridges</li>", html=True)
    assertNotContains(response, "<span lang=")


def test_the_programme_and_session_pages_mark_english_titles_rooms_and_speakers(client):
    conference = ConferenceFactory(slug="bridge")
    room = RoomFactory(conference=conference, name="Great Hall")
    speaker = SpeakerFactory(
        name="Anna Ivanova", position="Rector", affiliation="TPU", affiliation_ru="ТПУ"
    )
    SessionFactory(
        conference=conference, slug="opening", title="Opening", title_ru="Открытие", room=room
    )
    closing = SessionFactory(
        conference=conference, slug="closing", title="Closing", description="Thanks."
    )
    closing.speakers.add(speaker)

    programme = client.get("/ru/events/bridge/programme/")
    assertContains(
        programme, '<a href="/ru/events/bridge/programme/opening/">Открытие</a>', html=True
    )
    assertContains(
        programme,
        '<a href="/ru/events/bridge/programme/closing/" lang="en">Closing</a>',
        html=True,
    )
    assertContains(programme, '<span lang="en">Great Hall</span>', html=True)

    session = client.get("/ru/events/bridge/programme/closing/")
    assertContains(session, '<h1 id="session-title" lang="en">Closing</h1>', html=True)
    assertContains(session, '<p lang="en">Thanks.</p>', html=True)
    assertContains(session, '<span lang="en">Rector</span>, ТПУ')


def test_the_speakers_page_marks_an_english_position(client):
    conference = ConferenceFactory()
    speaker = SpeakerFactory(position="Rector", position_zh_hans="校长", affiliation="CESAER")
    SessionFactory(conference=conference).speakers.add(speaker)
    response = client.get(f"/zh-hans{reverse('events:speakers', kwargs={'slug': conference.slug})}")
    assertContains(response, '<p class="mb-1">校长, <span lang="en">CESAER</span></p>', html=True)


def test_the_filters_add_nothing_for_missing_objects_or_untranslated_fields():
    conference = ConferenceFactory(slug="bridge", title="Bridge")
    with translation.override("ru"):
        assert render('<b{{ c|fallback_lang:"slug" }}>', c=conference) == "<b>"
        assert render('<b{{ c|fallback_lang:"title" }}>', c=None) == "<b>"
        assert render('{{ c|in_language:"title" }}', c=None) == ""
        assert render('<b{{ c|fallback_lang:"title" }}>', c=conference) == '<b lang="en">'


def test_a_language_without_columns_shows_english_and_says_so():
    """A language code no content has columns for (one added to LANGUAGES later) reads the
    English text, so it is marked as English."""
    conference = ConferenceFactory(title="Bridge")
    with translation.override("de"):
        assert render('<b{{ c|fallback_lang:"title" }}>', c=conference) == '<b lang="en">'


def test_fallback_text_is_escaped():
    conference = ConferenceFactory(venue_city="<Tomsk>")
    with translation.override("ru"):
        html = render('{{ c|in_language:"venue_city" }}', c=conference)
        paragraphs = render('{{ c|paragraphs_in_language:"venue_city" }}', c=conference)
    assert html == '<span lang="en">&lt;Tomsk&gt;</span>'
    assert paragraphs == '<p lang="en">&lt;Tomsk&gt;</p>'
    assert render('{{ c|in_language:"venue_city" }}', c=conference) == "&lt;Tomsk&gt;"


def test_fallback_paragraphs_keep_their_line_breaks():
    conference = ConferenceFactory(description="Line one\nline two\n\nNext")
    with translation.override("ru"):
        html = render('{{ c|paragraphs_in_language:"description" }}', c=conference)
    assert html == '<p lang="en">Line one<br>line two</p>\n\n<p lang="en">Next</p>'


@pytest.mark.parametrize("prefix", ["/ru", "/zh-hans"])
def test_marked_pages_cost_the_same_queries_as_english_ones(
    client, django_assert_max_num_queries, prefix
):
    conference, sessions = build_programme(20)  # nothing translated: every title marked
    counts = {}
    for name, url in urls(conference, sessions).items():
        if url.split("?")[0].endswith(".ics"):
            continue
        page_cache.invalidate_public_pages()
        with django_assert_max_num_queries(EXPECTED[name], info=name) as queries:
            response = client.get(f"{prefix}{url}")
        assert response.status_code == 200, name
        counts[name] = len(queries)
    assert counts == {name: n for name, n in EXPECTED.items() if not name.endswith(".ics")}

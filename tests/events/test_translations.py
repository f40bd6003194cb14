"""Content in three languages: one column per language, English where a translation is missing."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from events.models import Conference, Organisation, Room
from tests.factories import (
    ConferenceFactory,
    GoalFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_a_page_shows_the_content_in_its_language(client):
    conference = ConferenceFactory(
        title="Bridge Continents", title_ru="Мосты континентов", title_zh_hans="连接大陆"
    )
    for prefix, title in [
        ("", "Bridge Continents"),
        ("/ru", "Мосты континентов"),
        ("/zh-hans", "连接<wbr>大陆"),  # a line may break between the two words only
    ]:
        response = client.get(f"{prefix}/events/{conference.slug}/")
        heading = f'<h1 id="conference-title" class="event-title">{title}</h1>'
        assertContains(response, heading, html=True)


def test_a_missing_translation_shows_the_english_text(client):
    conference = ConferenceFactory(
        title_en="Bridge Continents", summary_en="Science without borders."
    )
    GoalFactory(conference=conference, text="Build bridges", text_ru="Строить мосты")
    response = client.get(f"/zh-hans/events/{conference.slug}/")
    assertContains(
        response,
        '<h1 id="conference-title" class="event-title" lang="en">Bridge Continents</h1>',
        html=True,
    )
    assertContains(response, "Science without borders.")
    assertContains(response, "Build bridges")
    assertContains(client.get(f"/ru/events/{conference.slug}/"), "Строить мосты")


def test_reading_a_field_gives_the_active_language_or_english():
    session = SessionFactory(title="Opening", title_ru="Открытие", description="Welcome.")
    with translation.override("ru"):
        assert (session.title, session.description) == ("Открытие", "Welcome.")
    with translation.override("zh-hans"):
        assert (session.title, session.description) == ("Opening", "Welcome.")
    assert session.title == "Opening"


def test_every_listed_content_field_has_a_column_per_language():
    speaker = SpeakerFactory(position_ru="Ректор", affiliation_zh_hans="托木斯克理工大学")
    room = RoomFactory(name="Great Hall", name_ru="Большой зал")
    with translation.override("ru"):
        assert (speaker.position, room.name) == ("Ректор", "Большой зал")
    with translation.override("zh-hans"):
        assert speaker.affiliation == "托木斯克理工大学"


def test_organisations_may_all_lack_a_translation_of_their_unique_name():
    OrganisationFactory(name="Tomsk Polytechnic University")
    OrganisationFactory(name="CESAER")
    assert list(Organisation.objects.values_list("name_ru", flat=True)) == [None, None]


def test_two_organisations_cannot_share_a_name_in_any_language():
    OrganisationFactory(name="Tomsk Polytechnic University", name_ru="Томский политехнический")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="TPU", name_ru="Томский политехнический")


def test_room_names_stay_unique_per_conference_in_each_language():
    conference = ConferenceFactory()
    RoomFactory(conference=conference, name="Great Hall")
    RoomFactory(conference=conference, name="Room 2")  # neither has a Russian name: allowed
    RoomFactory(conference=conference, name="Room 3", name_ru="Зал")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(conference=conference, name="Room 4", name_ru="Зал")
    assert Room.objects.filter(conference=conference).count() == 3


def test_the_admin_edits_the_languages_side_by_side(admin_client):
    conference = ConferenceFactory()
    response = admin_client.get(reverse("admin:events_conference_change", args=[conference.pk]))
    form = response.context["adminform"].form
    fields = list(form.fields)
    start = fields.index("title_en")
    assert fields[start : start + 3] == ["title_en", "title_ru", "title_zh_hans"]
    assert "title" not in fields
    assert form.fields["title_en"].required is True
    assert form.fields["title_ru"].required is False


def test_a_translation_typed_in_the_admin_shows_on_that_language_page(admin_client, client):
    from tests.events.conftest import _conference_form_data

    conference = ConferenceFactory(title="Bridge Continents")
    url = reverse("admin:events_conference_change", args=[conference.pk])
    data = _conference_form_data(conference, title_ru="Мосты континентов", title_zh_hans="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    conference.refresh_from_db()
    assert (conference.title_en, conference.title_ru) == ("Bridge Continents", "Мосты континентов")
    assertContains(
        client.get(f"/ru/events/{conference.slug}/"),
        '<h1 id="conference-title" class="event-title">Мосты континентов</h1>',
        html=True,
    )
    assertContains(
        client.get(f"/zh-hans/events/{conference.slug}/"),
        '<h1 id="conference-title" class="event-title" lang="en">Bridge Continents</h1>',
        html=True,
    )


def test_the_admin_refuses_a_conference_without_its_english_title(admin_client):
    from tests.events.conftest import _conference_form_data

    conference = ConferenceFactory(title="Bridge Continents")
    url = reverse("admin:events_conference_change", args=[conference.pk])
    data = _conference_form_data(conference, title_en="", title_ru="Мосты континентов")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"title_en": ["This field is required."]}
    assert Conference.objects.get(pk=conference.pk).title_en == "Bridge Continents"


def test_the_admin_pages_of_translated_content_open(admin_client):
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference)
    room = RoomFactory(conference=conference)
    speaker = SpeakerFactory()
    organisation = OrganisationFactory()
    for name, obj in [
        ("conference", conference),
        ("session", session),
        ("room", room),
        ("speaker", speaker),
        ("organisation", organisation),
    ]:
        change = admin_client.get(reverse(f"admin:events_{name}_change", args=[obj.pk]))
        add = admin_client.get(reverse(f"admin:events_{name}_add"))
        listing = admin_client.get(reverse(f"admin:events_{name}_changelist"), {"q": "a"})
        assert (change.status_code, add.status_code, listing.status_code) == (200, 200, 200)


@pytest.mark.django_db(transaction=True)
def test_content_written_before_translations_keeps_its_english():
    executor = MigrationExecutor(connection)
    executor.migrate([("events", "0002_deleted_session")])
    old_apps = executor.loader.project_state([("events", "0002_deleted_session")]).apps
    OldConference = old_apps.get_model("events", "Conference")
    OldOrganisation = old_apps.get_model("events", "Organisation")
    OldConference.objects.create(
        title="Bridge Continents",
        slug="bridge",
        summary="Science without borders.",
        starts_at="2022-05-16T12:00:00Z",
        ends_at="2022-05-20T15:00:00Z",
        contact_email="conference@example.org",
        venue_city="Tomsk",
    )
    OldOrganisation.objects.create(name="CESAER")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    conference = Conference.objects.get(slug="bridge")
    assert (conference.title_en, conference.summary_en, conference.venue_city_en) == (
        "Bridge Continents",
        "Science without borders.",
        "Tomsk",
    )
    assert conference.title_ru is None
    with translation.override("ru"):
        assert conference.title == "Bridge Continents"
    assert Organisation.objects.get().name_en == "CESAER"


def test_a_session_deleted_from_the_russian_admin_is_remembered_in_every_language():
    from events import programme
    from events.models import DeletedSession

    session = SessionFactory(title="Opening", title_ru="Открытие")
    with translation.override("ru"):
        programme.delete_sessions(sessions=[session])
    deleted = DeletedSession.objects.get()
    assert (deleted.title_en, deleted.title_ru, deleted.title_zh_hans) == (
        "Opening",
        "Открытие",
        None,
    )
    with translation.override("zh-hans"):
        assert deleted.title == "Opening"


def test_a_clone_made_in_the_russian_admin_keeps_every_language():
    from events import services
    from tests.factories import TopicFactory

    source = ConferenceFactory(title="Bridge", title_ru="Мост")
    TopicFactory(conference=source, title="Open science", title_ru="Открытая наука")
    SessionFactory(conference=source, title="Opening", title_ru="Открытие")

    with translation.override("ru"):
        edition = services.clone_as_next_edition(conference=source, weeks=52)

    year = edition.starts_at.astimezone(edition.zone).year
    assert (edition.title_en, edition.title_ru) == (f"Bridge {year}", f"Мост {year}")
    topic = edition.topics.get()
    assert (topic.title_en, topic.title_ru) == ("Open science", "Открытая наука")
    session = edition.sessions.get()
    assert (session.title_en, session.title_ru) == ("Opening", "Открытие")


def test_renaming_a_room_in_russian_only_updates_its_sessions_calendar_entries():
    from events import programme

    room = RoomFactory(name="Great Hall")
    session = SessionFactory(conference=room.conference, room=room)
    sequence = session.calendar_sequence

    room.name_ru = "Большой зал"
    programme.save_room(room=room)

    session.refresh_from_db()
    assert session.calendar_sequence == sequence + 1

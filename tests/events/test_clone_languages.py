"""A clone of the 2022 edition as 2027 keeps every language's text, moved to its own dates
and year; the organiser chooses the dates; nothing of the old edition's people is copied."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Conference
from registration.models import Registration
from tests.factories import (
    AnniversaryFactory,
    ConferenceFactory,
    GoalFactory,
    OrganisationFactory,
    RegistrationFactory,
    team_member,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_2022():
    conference = ConferenceFactory(
        slug="bridge-2022",
        title="Bridge Continents 2022",
        title_ru="Мост континентов 2022",
        title_zh_hans="连接大陆 2022",
        summary="TPU hosts a conference in Tomsk in May 2022.",
        summary_ru="ТПУ проводит в мае 2022 года конференцию в Томске.",
        summary_zh_hans="托木斯克理工大学将于2022年5月举办会议。",
        short_name="STBC 2022",
        short_name_ru="STBC 2022",
        mail_sender_name="STBC 2022 committee",
        mail_sender_address="stbc@tpu.example",
        mail_reply_to="answers@tpu.example",
        mail_signature="The committee",
        audience_time_zones=["Asia/Shanghai", "Europe/Brussels"],
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),  # Monday 16 May, 19:00 in Tomsk
        ends_at=utc(2022, 5, 20, 15, 0),
    )
    GoalFactory(conference=conference, text="Meet in 2022", text_ru="Встретиться в 2022 году")
    AnniversaryFactory(conference=conference, organisation=OrganisationFactory(), years=125)
    RegistrationFactory(conference=conference, email="anna@example.org")
    return conference


def clone_as_2027(source):
    return services.clone_as_next_edition(
        conference=source,
        starts_at=utc(2027, 6, 14, 2, 0),  # Monday 14 June, 09:00 in Tomsk
        ends_at=utc(2027, 6, 18, 11, 0),
        now=utc(2026, 12, 1),
    )


def test_a_clone_of_2022_as_2027_keeps_every_languages_titles_with_the_new_year(edition_2022):
    edition = clone_as_2027(edition_2022)

    assert (edition.title_en, edition.title_ru, edition.title_zh_hans) == (
        "Bridge Continents 2027",
        "Мост континентов 2027",
        "连接大陆 2027",
    )
    assert edition.slug == "bridge-2027"


def test_no_2022_is_left_where_the_clone_derives_a_year(edition_2022):
    edition = clone_as_2027(edition_2022)

    texts = [
        getattr(edition, f"{field}_{code}") or ""
        for field in ("title", "summary", "short_name", "mail_sender_name")
        for code in ("en", "ru", "zh_hans")
    ]
    texts += [goal.text_en + (goal.text_ru or "") for goal in edition.goals.all()]
    assert not [text for text in texts if "2022" in text]
    assert edition.summary_en == "TPU hosts a conference in Tomsk in June 2027."
    assert edition.summary_zh_hans == "托木斯克理工大学将于2027年6月举办会议。"
    assert "2027" in edition.summary_ru
    assert "summary_en" in edition.carried_texts


def test_the_clone_takes_the_dates_asked_for_and_moves_the_anniversaries(edition_2022):
    edition = clone_as_2027(edition_2022)

    assert edition.starts_at == utc(2027, 6, 14, 2, 0)
    assert edition.ends_at == utc(2027, 6, 18, 11, 0)
    assert list(edition.anniversaries.values_list("years", flat=True)) == [130]


def test_the_clone_keeps_the_mail_identity_and_audience_zones(edition_2022):
    edition = clone_as_2027(edition_2022)

    assert (edition.mail_sender_address, edition.mail_reply_to, edition.mail_signature) == (
        "stbc@tpu.example",
        "answers@tpu.example",
        "The committee",
    )
    assert edition.audience_time_zones == ["Asia/Shanghai", "Europe/Brussels"]


def test_the_clone_copies_no_registrations(edition_2022):
    edition = clone_as_2027(edition_2022)

    assert not Registration.objects.filter(conference=edition).exists()
    assert Registration.objects.filter(conference=edition_2022).count() == 1


def test_a_clone_asked_to_start_before_the_old_edition_is_refused(edition_2022):
    with pytest.raises(ValueError, match="must start after"):
        services.clone_as_next_edition(
            conference=edition_2022, starts_at=utc(2021, 1, 1), now=utc(2020, 1, 1)
        )
    with pytest.raises(ValueError, match="end after it starts"):
        services.clone_as_next_edition(
            conference=edition_2022, starts_at=utc(2027, 6, 14), ends_at=utc(2027, 6, 13)
        )
    assert Conference.objects.count() == 1


def _content_editor():
    user = get_user_model().objects.create_user(username="editor", password="x", is_staff=True)
    team_member("Content editors", user=user)
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_asks_for_the_dates_in_the_conferences_zone(edition_2022):
    client = _content_editor()
    url = reverse("admin:events_conference_changelist")
    chosen = {"action": "clone_as_next_edition", "_selected_action": [edition_2022.pk]}

    asked = client.post(url, chosen)
    assert asked.status_code == 200
    assert "Asia/Tomsk" in asked.text
    assert Conference.objects.count() == 1

    client.post(
        url,
        {**chosen, "post": "yes", "starts_at": "2027-06-14T09:00", "ends_at": "2027-06-18T18:00"},
    )
    edition = Conference.objects.exclude(pk=edition_2022.pk).get()
    assert edition.starts_at == utc(2027, 6, 14, 2, 0)  # 09:00 in Tomsk (UTC+7)
    assert edition.title_ru == "Мост континентов 2027"


def test_the_admin_refuses_an_end_before_the_start_with_a_clear_message(edition_2022):
    client = _content_editor()
    response = client.post(
        reverse("admin:events_conference_changelist"),
        {
            "action": "clone_as_next_edition",
            "_selected_action": [edition_2022.pk],
            "post": "yes",
            "starts_at": "2027-06-14T09:00",
            "ends_at": "2027-06-13T09:00",
        },
    )
    assert response.status_code == 200
    assert "The conference must end after it starts." in response.text
    assert Conference.objects.count() == 1


def test_the_admin_answers_a_garbled_date_with_the_form_again(edition_2022):
    client = _content_editor()
    response = client.post(
        reverse("admin:events_conference_changelist"),
        {
            "action": "clone_as_next_edition",
            "_selected_action": [edition_2022.pk],
            "post": "yes",
            "starts_at": "garbage",
            "ends_at": "2027-06-13T09:00",
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert Conference.objects.count() == 1


def test_the_command_takes_the_new_dates_at_the_venue(edition_2022):
    call_command("clone_conference", "bridge-2022", "--starts", "2027-06-14T09:00")
    edition = Conference.objects.get(slug="bridge-2027")
    assert edition.starts_at == utc(2027, 6, 14, 2, 0)
    with pytest.raises(CommandError, match="not both"):
        call_command("clone_conference", "bridge-2022", "--starts", "2028-06-14", "--weeks", "3")


# --- the label `make try` gives its copy -------------------------------------------------------
def clone_command(*args):
    call_command("clone_conference", "bridge-2022", "--weeks", "261", *args, stdout=io.StringIO())
    return Conference.objects.exclude(slug="bridge-2022").get()


def titles(edition):
    return (edition.title_en, edition.title_ru, edition.title_zh_hans)


def test_the_default_label_is_in_each_languages_words(edition_2022):
    """`make try` (--label with no text): no English "(demo edition)" in the Russian and
    Chinese titles."""
    edition = clone_command("--label", "--if-missing")

    assert titles(edition) == (
        "Bridge Continents 2027 (demo edition)",
        "Мост континентов 2027 (демонстрационный выпуск)",
        "连接大陆 2027 (演示版)",
    )
    # The slug, which `--if-missing` looks for, takes the English label as before.
    assert edition.slug == "bridge-2027-demo-edition"
    call_command(
        "clone_conference",
        "bridge-2022",
        "--weeks",
        "261",
        "--label",
        "--if-missing",
        stdout=io.StringIO(),
    )
    assert Conference.objects.count() == 2


def test_a_label_given_stays_as_given_in_every_language(edition_2022):
    edition = clone_command("--label", "rehearsal")

    assert titles(edition) == (
        "Bridge Continents 2027 (rehearsal)",
        "Мост континентов 2027 (rehearsal)",
        "连接大陆 2027 (rehearsal)",
    )


def test_a_language_may_be_given_its_own_label(edition_2022):
    edition = clone_command("--label", "rehearsal", "--label-ru", "репетиция")

    assert titles(edition) == (
        "Bridge Continents 2027 (rehearsal)",
        "Мост континентов 2027 (репетиция)",
        "连接大陆 2027 (rehearsal)",
    )


def test_a_language_label_without_the_english_one_is_refused(edition_2022):
    with pytest.raises(CommandError, match="A label per language needs --label too"):
        clone_command("--label-zh-hans", "彩排")
    assert Conference.objects.count() == 1


def test_the_service_takes_a_label_per_language(edition_2022):
    edition = services.clone_as_next_edition(
        conference=edition_2022,
        weeks=261,
        label={"en": "rehearsal", "zh-hans": "彩排"},
        now=utc(2026, 12, 1),
    )
    # A language without its own takes the English one.
    assert titles(edition) == (
        "Bridge Continents 2027 (rehearsal)",
        "Мост континентов 2027 (rehearsal)",
        "连接大陆 2027 (彩排)",
    )

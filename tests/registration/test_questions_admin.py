"""Organisers set up their questions in the admin: in each language, with choices inline,
archived rather than deleted once answered; the answers show on a registration's page."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from registration import questions
from registration.models import Question, QuestionOption
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory, team_member

pytestmark = pytest.mark.django_db

QUESTIONS = "/admin/registration/question/"


@pytest.fixture
def as_group(client):
    def login(group_name):
        user = User.objects.create_user(
            username=group_name.split()[0].lower(), password="x", is_staff=True
        )
        team_member(group_name, user=user)
        client.force_login(user)
        return client

    return login


def question_form(conference, **overrides):
    data = {
        "conference": conference.pk,
        "text_en": "Airport transfer wanted?",
        "text_ru": "Нужен трансфер из аэропорта?",
        "text_zh_hans": "需要机场接送吗？",
        "help_text_en": "From Bogashevo airport.",
        "help_text_ru": "",
        "help_text_zh_hans": "",
        "kind": "one_choice",
        "required": "on",
        "asked_of": "in_person",
        "order": "3",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-label_en": "On arrival",
        "options-0-label_ru": "По прилёте",
        "options-0-label_zh_hans": "",
        "options-0-order": "1",
        "options-1-label_en": "Both ways",
        "options-1-label_ru": "",
        "options-1-label_zh_hans": "往返",
        "options-1-order": "2",
    }
    data.update(overrides)
    return data


def test_registration_managers_add_a_question_in_three_languages(as_group, conference):
    client = as_group("Registration managers")
    response = client.post(f"{QUESTIONS}add/", question_form(conference))
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.text_en, question.text_ru, question.text_zh_hans) == (
        "Airport transfer wanted?",
        "Нужен трансфер из аэропорта?",
        "需要机场接送吗？",
    )
    assert (question.kind, question.required, question.asked_of, question.order) == (
        "one_choice",
        True,
        "in_person",
        3,
    )
    assert [(o.label_en, o.label_ru, o.label_zh_hans) for o in question.options.all()] == [
        ("On arrival", "По прилёте", None),
        ("Both ways", None, "往返"),
    ]
    register = client.get("/ru/events/bridge-continents/register/").content.decode()
    assert "Нужен трансфер из аэропорта?" in register
    assert "По прилёте" in register


def test_question_admin_pages_list_search_and_change(admin_client, conference):
    question = QuestionFactory(conference=conference, text="Gala dinner", kind="yes_no")
    registration = RegistrationFactory(conference=conference)
    questions.save_answers(registration, {question: True})
    listing = admin_client.get(QUESTIONS)
    assert listing.status_code == 200
    assert [q.answer_total for q in listing.context["cl"].result_list] == [1]
    found = admin_client.get(QUESTIONS, {"q": "gala"})
    assert list(found.context["cl"].result_list) == [question]
    assert admin_client.get(f"{QUESTIONS}add/").status_code == 200
    change = admin_client.get(f"{QUESTIONS}{question.pk}/change/")
    assert change.status_code == 200
    # Answered: its conference and kind are no longer editable.
    assert "kind" not in change.context["adminform"].form.fields
    assert "conference" not in change.context["adminform"].form.fields


def test_content_editors_may_not_touch_questions(as_group, conference):
    question = QuestionFactory(conference=conference)
    client = as_group("Content editors")
    assert client.get(QUESTIONS).status_code == 403
    assert client.post(f"{QUESTIONS}add/", question_form(conference)).status_code == 403
    response = client.post(
        QUESTIONS, {"action": "archive_selected", "_selected_action": [question.pk]}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.archived is False


def test_a_question_someone_answered_is_archived_not_deleted(admin_client, conference):
    question = QuestionFactory(conference=conference, text="Hotel wanted?", kind="yes_no")
    questions.save_answers(RegistrationFactory(conference=conference), {question: True})
    page = admin_client.get(f"{QUESTIONS}{question.pk}/delete/")
    assert page.status_code == 200
    assert page.context["protected"]  # Django lists the answers that stop it
    admin_client.post(f"{QUESTIONS}{question.pk}/delete/", {"post": "yes"})
    assert Question.objects.filter(pk=question.pk).exists()

    response = admin_client.post(
        QUESTIONS, {"action": "archive_selected", "_selected_action": [question.pk]}, follow=True
    )
    assert "1 question archived." in response.content.decode()
    question.refresh_from_db()
    assert question.archived is True
    response = admin_client.post(
        QUESTIONS, {"action": "restore_selected", "_selected_action": [question.pk]}, follow=True
    )
    assert "1 question restored." in response.content.decode()
    question.refresh_from_db()
    assert question.archived is False


def test_a_question_nobody_answered_can_be_deleted(admin_client, conference):
    question = QuestionFactory(conference=conference)
    response = admin_client.post(f"{QUESTIONS}{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Question.objects.exists()


def test_a_chosen_choice_cannot_be_deleted_from_the_inline(admin_client, conference):
    question = QuestionFactory(conference=conference, text="Gala dinner", kind="one_choice")
    chosen = QuestionOptionFactory(question=question, label="I will come")
    questions.save_answers(RegistrationFactory(conference=conference), {question: [chosen]})
    data = {
        "text_en": "Gala dinner",
        "text_ru": "",
        "text_zh_hans": "",
        "help_text_en": "",
        "help_text_ru": "",
        "help_text_zh_hans": "",
        "asked_of": "everyone",
        "order": "0",
        "options-TOTAL_FORMS": "1",
        "options-INITIAL_FORMS": "1",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-id": chosen.pk,
        "options-0-question": question.pk,
        "options-0-label_en": "I will come",
        "options-0-label_ru": "",
        "options-0-label_zh_hans": "",
        "options-0-order": "0",
        "options-0-DELETE": "on",
    }
    response = admin_client.post(f"{QUESTIONS}{question.pk}/change/", data)
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in (
        response.content.decode()
    )
    assert QuestionOption.objects.filter(pk=chosen.pk).exists()


def test_registration_change_page_lists_the_answers(admin_client, conference):
    arrival = QuestionFactory(conference=conference, text="Arrival date", kind="date")
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    questions.save_answers(registration, {arrival: dt.date(2099, 5, 15)})
    arrival.text = "Arrival date in Tomsk"
    arrival.save()
    response = admin_client.get(f"/admin/registration/registration/{registration.pk}/change/")
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert (
        '<tr><th scope="row">Arrival date</th><td>2099-05-15</td></tr>' in html
    )  # as it was asked
    assert "<caption>Answers to the organisers’ questions</caption>" in html

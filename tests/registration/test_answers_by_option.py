"""A choice is kept as its option, not as the words the person read: three people who chose
"No, thank you", "Не нужен" and "不需要" chose one option. Exports, the admin's answers
table and the dashboard's counts read it by option, in one language (the organiser's);
each person's own page shows the choice in their language, as they read it."""

import csv
import io

import openpyxl
import pytest
from django.utils import translation

from registration import questions
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory
from tests.jobs.helpers import run_and_download

pytestmark = pytest.mark.django_db

FIXED = 21  # the export's columns before the answers
LABELS = {
    "en": ("No, thank you", "Both ways", "Yes"),
    "ru": ("Не нужен", "В обе стороны", "Да"),
    "zh-hans": ("不需要", "往返", "是"),
}


@pytest.fixture
def transfer(conference):
    question = QuestionFactory(
        conference=conference,
        text="Airport transfer",
        text_ru="Трансфер из аэропорта",
        text_zh_hans="机场接送",
        kind="one_choice",
    )
    options = [
        QuestionOptionFactory(
            question=question, label=en, label_ru=ru, label_zh_hans=zh, order=order
        )
        for order, (en, ru, zh) in enumerate(
            zip(LABELS["en"][:2], LABELS["ru"][:2], LABELS["zh-hans"][:2], strict=True)
        )
    ]
    hotel = QuestionFactory(conference=conference, text="Hotel room?", kind="yes_no")
    return question, options, hotel


@pytest.fixture
def people(conference, transfer):
    """Anna chose in Russian, Li in Chinese, Hans in English: all three "no transfer", and a
    hotel room."""
    question, (no_thanks, _both), hotel = transfer
    made = {}
    for language, given_name in [("ru", "Anna"), ("zh-hans", "Li"), ("en", "Hans")]:
        person = RegistrationFactory(
            conference=conference, given_name=given_name, family_name=given_name, language=language
        )
        with translation.override(language):  # as the register form saves them
            questions.save_answers(person, {question: [no_thanks], hotel: True})
        made[given_name] = person
    return made


def test_each_choice_is_kept_as_its_option_with_what_the_person_read(people, transfer):
    _question, (no_thanks, _both), _hotel = transfer
    kept = {
        name: [(c.option_id, c.label) for a in questions.answers_of(p) for c in a.choices.all()]
        for name, p in people.items()
    }
    assert kept == {
        "Anna": [(no_thanks.pk, "Не нужен")],
        "Li": [(no_thanks.pk, "不需要")],
        "Hans": [(no_thanks.pk, "No, thank you")],
    }


def exported(client, capture, language, action, people):
    """The export as an organiser working in `language` gets it: a background job that the
    task worker runs in no request's language, then the download."""
    prefix = "" if language == "en" else f"/{language}"
    return run_and_download(
        client,
        capture,
        lambda: client.post(
            f"{prefix}/admin/registration/registration/",
            {"action": action, "_selected_action": [p.pk for p in people.values()]},
        ),
    )


@pytest.mark.parametrize("language", LABELS, ids=list(LABELS))
def test_the_csv_reads_every_answer_in_the_organisers_language(
    admin_client, people, language, django_capture_on_commit_callbacks
):
    response = exported(
        admin_client, django_capture_on_commit_callbacks, language, "export_csv", people
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    no_thanks, _both, yes = LABELS[language]
    assert sorted(row[2] for row in rows[1:]) == ["Anna", "Hans", "Li"]
    assert [row[FIXED:] for row in rows[1:]] == [[no_thanks, yes]] * 3


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_the_workbook_reads_in_the_language_it_was_asked_for_in(
    admin_client, people, language, django_capture_on_commit_callbacks
):
    response = exported(
        admin_client, django_capture_on_commit_callbacks, language, "export_xlsx", people
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Registrations"]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    no_thanks, _both, yes = LABELS[language]
    assert [row[FIXED:] for row in rows[1:]] == [[no_thanks, yes]] * 3
    if language == "ru":
        assert rows[0][FIXED:] == ["Трансфер из аэропорта", "Hotel room?"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_admins_answers_table_reads_in_the_organisers_language(admin_client, people, language):
    prefix = "" if language == "en" else f"/{language}"
    li = people["Li"]
    page = admin_client.get(f"{prefix}/admin/registration/registration/{li.pk}/change/")
    html = " ".join(page.content.decode().split())
    # The question as Li read it (what was asked), the choice by its option.
    assert f'<th scope="row">机场接送</th><td>{LABELS[language][0]}</td>' in html
    assert "不需要" not in html


def test_the_dashboard_counts_the_option_once_in_the_organisers_language(conference, people):
    for language in LABELS:
        with translation.override(language):
            [transfer, hotel] = questions.choice_counts(conference)
            assert [(str(label), n) for label, n in transfer.rows] == [
                (LABELS[language][0], 3),
                (LABELS[language][1], 0),
            ]
            assert (str(hotel.rows[0][0]), hotel.rows[0][1]) == (LABELS[language][2], 3)


def test_each_person_reads_their_choice_in_their_own_language(client, people, transfer):
    question, (no_thanks, _both), _hotel = transfer
    for name, words in [("Anna", "Не нужен"), ("Li", "不需要"), ("Hans", "No, thank you")]:
        person = people[name]
        prefix = "" if person.language == "en" else f"/{person.language}"
        page = client.get(f"{prefix}/registration/manage/{person.manage_token}/")
        form = page.context["answers_form"]
        field = form[f"question_{question.pk}"]
        assert field.value() == str(no_thanks.pk)
        assert dict(field.field.choices)[str(no_thanks.pk)] == words

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
from registration.models import RegistrationExport
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

FIXED = 20  # the export's columns before the answers
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


@pytest.mark.parametrize("language", LABELS, ids=list(LABELS))
def test_the_csv_reads_every_answer_in_the_organisers_language(admin_client, people, language):
    prefix = "" if language == "en" else f"/{language}"
    response = admin_client.post(
        f"{prefix}/admin/registration/registration/",
        {"action": "export_csv", "_selected_action": [p.pk for p in people.values()]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    no_thanks, _both, yes = LABELS[language]
    assert sorted(row[2] for row in rows[1:]) == ["Anna", "Hans", "Li"]
    assert [row[FIXED:] for row in rows[1:]] == [[no_thanks, yes]] * 3


def test_the_workbook_reads_in_the_language_it_was_asked_for_in(
    admin_client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/ru/admin/registration/registration/",
            {"action": "export_xlsx", "_selected_action": [p.pk for p in people.values()]},
        )
    run_tasks()  # the worker runs in no request's language
    export = RegistrationExport.objects.get()
    assert export.state == RegistrationExport.State.DONE
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(export.content)))["Registrations"]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert rows[0][FIXED:] == ["Трансфер из аэропорта", "Hotel room?"]
    assert [row[FIXED:] for row in rows[1:]] == [["Не нужен", "Да"]] * 3


def test_a_task_queued_without_a_language_writes_the_sites_default(people, admin_user):
    from registration import exports

    export = RegistrationExport.objects.create(
        created_by=admin_user, registration_ids=[p.pk for p in people.values()]
    )
    with translation.override("ru"):
        exports.make_xlsx_export(export_id=export.pk)
    export.refresh_from_db()
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(export.content)))["Registrations"]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert [row[FIXED:] for row in rows[1:]] == [["No, thank you", "Yes"]] * 3


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

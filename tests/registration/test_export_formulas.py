"""Formula injection in the registrations' exports: a cell is cleaned first (control and
format characters, leading whitespace), then judged, so no text a person typed reaches a
spreadsheet as a formula. Parsed back with csv and openpyxl."""

import csv
import io

import openpyxl
import pytest

from registration import questions
from registration.exports import spreadsheet_text
from registration.models import Registration
from tests.conftest import PAYLOADS, assert_safe
from tests.factories import QuestionFactory, RegistrationFactory
from tests.jobs.helpers import run_and_download

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"


@pytest.mark.parametrize(("typed", "exported"), PAYLOADS)
def test_spreadsheet_text_cleans_then_neutralises(typed, exported):
    assert spreadsheet_text(typed) == exported


@pytest.fixture
def typed(conference):
    """One registration per payload: in a name, an institution, an answer and a question."""
    for number, (text, _exported) in enumerate(PAYLOADS):
        question = QuestionFactory(conference=conference, text=text, kind="short_text")
        person = RegistrationFactory(
            conference=conference,
            given_name=text,
            family_name=f"Payload{number:02d}",
            patronymic=text,
            institution=text,
        )
        questions.save_answers(person, {question: text})


def post_action(client, action):
    ids = list(Registration.objects.values_list("pk", flat=True))
    return client.post(CHANGELIST, {"action": action, "_selected_action": ids})


def test_csv_export_has_no_formula(admin_client, typed, django_capture_on_commit_callbacks):
    response = run_and_download(
        admin_client,
        django_capture_on_commit_callbacks,
        lambda: post_action(admin_client, "export_csv"),
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    headers, body = rows[0], rows[1:]
    assert headers[21:] == [exported for _typed, exported in PAYLOADS]
    assert [(row[2], row[4], row[6]) for row in body] == [
        (exported, exported, exported) for _typed, exported in PAYLOADS
    ]
    for number, row in enumerate(body):
        assert row[21 + number] == PAYLOADS[number][1]
    assert_safe(cell for row in rows for cell in row)


def test_xlsx_export_has_no_formula(admin_client, typed, django_capture_on_commit_callbacks):
    response = run_and_download(
        admin_client,
        django_capture_on_commit_callbacks,
        lambda: post_action(admin_client, "export_xlsx"),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Registrations"]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert rows[0][21:] == [exported for _typed, exported in PAYLOADS]
    assert [(row[2], row[4], row[6]) for row in rows[1:]] == [
        (exported, exported, exported) for _typed, exported in PAYLOADS
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert_safe(str(cell) for row in rows for cell in row)

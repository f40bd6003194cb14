"""Formula injection in the visa officers' exports: the same cleaning as every export (see
tests/registration/test_export_formulas.py), and a control character no longer breaks the
workbook (it answered 500)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import PAYLOADS, assert_safe
from tests.factories import VisaRequestFactory
from tests.jobs.helpers import run_and_download
from visas.models import VisaRequest

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:visas_visarequest_changelist")


@pytest.fixture
def typed(db):
    for number, (text, _exported) in enumerate(PAYLOADS):
        VisaRequestFactory(
            surname=text,
            employer=text,
            position=text,
            registration__family_name=f"Payload{number:02d}",
        )


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    def run(client, name):
        ids = list(VisaRequest.objects.values_list("pk", flat=True))
        return run_and_download(
            client,
            django_capture_on_commit_callbacks,
            lambda: client.post(CHANGELIST, {"action": name, "_selected_action": ids}),
        )

    return run


def test_csv_export_has_no_formula(officer_client, typed, export):
    response = export(officer_client, "export_csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row[0], row[12], row[13]) for row in rows[1:]] == [
        (exported, exported, exported) for _typed, exported in PAYLOADS
    ]
    assert_safe(cell for row in rows for cell in row)


def test_xlsx_export_has_no_formula_and_no_error(officer_client, typed, export):
    response = export(officer_client, "export_xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert [(row[0], row[12], row[13]) for row in rows[1:]] == [
        (exported, exported, exported) for _typed, exported in PAYLOADS
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert_safe(str(cell) for row in rows for cell in row)

"""The registrations exported as CSV and XLSX from the admin: the same table, every answer a
column, any script intact, formulas kept as text; parsed back with csv and openpyxl."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User

from jobs import services as jobs
from jobs.models import Job
from registration import exports, questions, services
from registration.models import Answer, Question, Registration
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory
from tests.jobs.helpers import Downloaded, run_and_download
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"
JOBS = "/admin/jobs/job/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED = 21  # the columns before the answers


@pytest.fixture
def answered(conference):
    """Three registrations of the conference with answers in three scripts."""
    gala = QuestionFactory(conference=conference, text="Gala dinner", kind="one_choice")
    come = QuestionOptionFactory(question=gala, label="I will come")
    arrival = QuestionFactory(conference=conference, text="Arrival date", kind="date")
    wishes = QuestionFactory(conference=conference, text="Wishes", kind="short_text")
    anna = RegistrationFactory(conference=conference, given_name="Анна", family_name="Иванова")
    questions.save_answers(anna, {gala: [come], wishes: "Вегетарианское меню"})
    li = RegistrationFactory(conference=conference, given_name="伟", family_name="李", country="CN")
    questions.save_answers(li, {arrival: dt.date(2099, 5, 15), wishes: "素食"})
    zed = RegistrationFactory(conference=conference, given_name="=HYPERLINK(1)", family_name="Zed")
    questions.save_answers(zed, {wishes: "=1+2", gala: [come]})
    return {"gala": gala, "come": come, "arrival": arrival, "wishes": wishes}


def post_action(client, action, registrations=None):
    registrations = Registration.objects.all() if registrations is None else registrations
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [r.pk for r in registrations]}
    )


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """Runs an export action as an organiser does: the file is made by the task worker in a
    background job, then downloaded from the job's page."""

    def run(client, action, registrations=None):
        return run_and_download(
            client,
            django_capture_on_commit_callbacks,
            lambda: post_action(client, action, registrations),
        )

    return run


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Registrations"]
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()], sheet


def names_and_answers(rows):
    return [(row[2], row[3], *row[FIXED:]) for row in rows[1:]]


EXPECTED = [  # by family name
    ("'=HYPERLINK(1)", "Zed", "I will come", "", "'=1+2"),
    ("Анна", "Иванова", "I will come", "", "Вегетарианское меню"),
    ("伟", "李", "", "2099-05-15", "素食"),
]


def test_csv_has_a_column_per_question(admin_client, answered, export):
    response = export(admin_client, "export_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][FIXED:] == ["Gala dinner", "Arrival date", "Wishes"]
    assert [tuple(row) for row in names_and_answers(rows)] == EXPECTED


def test_xlsx_has_the_same_table_with_any_script_and_no_formula(admin_client, answered, export):
    response = export(admin_client, "export_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="registrations-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows, sheet = xlsx_rows(response)
    assert rows == csv_rows(export(admin_client, "export_csv"))
    assert [tuple(row) for row in names_and_answers(rows)] == EXPECTED
    # No cell is a formula: every one is text.
    assert {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value} == {"s"}


def test_exports_keep_the_answers_of_a_changed_and_an_archived_question(
    admin_client, answered, export
):
    answered["gala"].text = "Gala dinner on 18 May"
    answered["gala"].save()
    answered["come"].label = "Yes"
    answered["come"].save()
    services.archive_questions(questions=Question.objects.filter(pk=answered["wishes"].pk))
    # A choice is exported by its option, so a renamed option reads as it is named now (as
    # the question does), in one language for everyone who chose it.
    renamed = [tuple("Yes" if cell == "I will come" else cell for cell in row) for row in EXPECTED]
    for action, read in [("export_csv", csv_rows), ("export_xlsx", lambda r: xlsx_rows(r)[0])]:
        rows = read(export(admin_client, action))
        assert rows[0][FIXED:] == ["Gala dinner on 18 May", "Arrival date", "Wishes"], action
        assert [tuple(row) for row in names_and_answers(rows)] == renamed, action


def test_control_characters_do_not_break_the_workbook(admin_client, conference, export):
    RegistrationFactory(conference=conference, position="Head\x0bof lab", family_name="Ko")
    rows, _sheet = xlsx_rows(export(admin_client, "export_xlsx"))
    assert rows[1][3] == "Ko"
    assert rows[1][7] == "Headof lab"


def test_questions_of_several_conferences_are_named_by_conference(admin_client, answered, export):
    other = QuestionFactory(text="Gala dinner", kind="yes_no")
    person = RegistrationFactory(conference=other.conference, family_name="Other")
    questions.save_answers(person, {other: False})
    rows = csv_rows(export(admin_client, "export_csv"))
    # In the order of the conferences' start, then the questions' order.
    assert rows[0][FIXED:] == [
        f"{other.conference.slug}: Gala dinner",
        "bridge-continents: Gala dinner",
        "bridge-continents: Arrival date",
        "bridge-continents: Wishes",
    ]
    assert [row[FIXED:] for row in rows if row[3] == "Other"] == [["No", "", "", ""]]


@pytest.mark.parametrize("size", [1, 30])
def test_export_queries_do_not_grow_with_rows(conference, size, django_assert_num_queries):
    gala = QuestionFactory(conference=conference, kind="several_choices")
    options = QuestionOptionFactory.create_batch(2, question=gala)
    for registration in RegistrationFactory.create_batch(size, conference=conference):
        questions.save_answers(registration, {gala: options})
    # The questions, the registrations' ids, then per 500: registrations, their answers,
    # the chosen choices.
    with django_assert_num_queries(5):
        content, rows = exports.xlsx_bytes(Registration.objects.all())
    assert rows == size
    assert openpyxl.load_workbook(io.BytesIO(content))["Registrations"].max_row == size + 1


@pytest.mark.parametrize("size", [1, 30])
def test_starting_an_export_reads_only_the_ids(
    admin_client, conference, size, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(size, conference=conference)
    # The rows are read by the worker: the request's queries do not grow with them.
    with django_assert_max_num_queries(22):
        response = post_action(admin_client, "export_xlsx")
    assert response.status_code == 302
    made = Job.objects.get()
    everyone = Registration.objects.values_list("pk", flat=True)
    assert sorted(made.params["ids"]) == sorted(everyone)
    assert (made.kind, made.state, made.conference) == (
        "registration.export_xlsx",
        "queued",
        conference,
    )


def test_a_failed_export_says_why_and_offers_no_file(
    admin_client, admin_user, conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = jobs.start(
            "registration.export_xlsx",
            conference=conference,
            user=admin_user,
            params={"ids": ["not an id"]},
        )
    run_tasks()
    made.refresh_from_db()
    failure = "ValueError: Field 'id' expected a number but got 'not an id'."
    assert (made.state, made.message, made.result_file.name) == ("failed", failure, "")
    page = admin_client.get(f"{JOBS}{made.pk}/change/").content.decode()
    assert "Stopped by an error" in page
    assert "expected a number but got" in page
    assert admin_client.get(f"{JOBS}{made.pk}/download/").status_code == 404
    assert admin_client.get(f"{JOBS}999999/download/").status_code == 404


def test_xlsx_export_is_refused_without_the_export_permission(
    client, answered, admin_user, conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = jobs.start(
            "registration.export_xlsx",
            conference=conference,
            user=admin_user,
            params={"ids": list(Registration.objects.values_list("pk", flat=True))},
        )
    run_tasks()
    helper = User.objects.create_user(username="helper", password="x", is_staff=True)
    helper.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registration",
            codename__in=["view_registration", "change_registration"],
        )
    )
    client.force_login(helper)
    response = post_action(client, "export_xlsx")
    assert response.status_code == 302  # back to the list, nothing exported
    page = client.get(response["Location"])
    assert "No action selected." in page.content.decode()
    assert "export_xlsx" not in page.content.decode()
    assert Job.objects.count() == 1
    # Nor may they see or download the exports others made.
    # (They mail links again, so the job list opens for them, without others' exports.)
    assert list(client.get(JOBS).context["cl"].result_list) == []
    assert client.get(f"{JOBS}{made.pk}/change/")["Location"] == "/admin/"
    assert client.get(f"{JOBS}{made.pk}/download/").status_code == 404


def test_exports_are_deleted_after_seven_days_as_the_privacy_notice_says(
    client, conference, admin_user, capsys
):
    from django.core.management import call_command
    from django.utils import timezone

    def made(ids):
        return jobs.start(
            "registration.export_csv", conference=conference, user=admin_user, params={"ids": ids}
        )

    old = made([1])
    Job.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=7, minutes=1)
    )
    recent = made([2])
    call_command("purge_registration_data")
    assert list(Job.objects.all()) == [recent]
    assert "Deleted 1 exports of registrations." in capsys.readouterr().out
    privacy = client.get("/privacy/").content.decode()
    assert "Spreadsheets of registrations that organisers export: 7 days." in privacy


def test_export_job_pages(admin_client, admin_user, answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = jobs.start(
            "registration.export_xlsx",
            conference=None,
            user=admin_user,
            params={"ids": list(Registration.objects.values_list("pk", flat=True))},
        )
    waiting = admin_client.get(f"{JOBS}{made.pk}/change/").content.decode()
    assert "Not ready yet: this page reloads until it is." in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting
    run_tasks()
    listing = admin_client.get(JOBS)
    assert listing.status_code == 200
    assert [(j.state, j.result_count) for j in listing.context["cl"].result_list] == [("done", 3)]
    assert admin_client.get(f"{JOBS}add/").status_code == 403
    response = admin_client.get(f"{JOBS}{made.pk}/download/")
    made.refresh_from_db()
    assert response["Content-Disposition"] == f'attachment; filename="{made.filename}"'
    assert made.filename.startswith("registrations-") and made.filename.endswith(".xlsx")
    rows, _sheet = xlsx_rows(Downloaded(response))
    assert len(rows) == 4


def test_a_large_export_reads_the_registrations_in_chunks(conference, django_assert_num_queries):
    wishes = QuestionFactory(conference=conference, text="Wishes")
    people = Registration.objects.bulk_create(
        RegistrationFactory.build(conference=conference, family_name=f"Person {n:04d}")
        for n in range(1001)
    )
    Answer.objects.bulk_create(
        Answer(registration=person, question=wishes, question_text="Wishes", text=f"w{n}")
        for n, person in enumerate(people)
    )
    # The questions and the ids, then three queries for each 500 (three chunks).
    with django_assert_num_queries(11):
        content, count = exports.xlsx_bytes(Registration.objects.all())
    assert count == 1001
    rows = list(openpyxl.load_workbook(io.BytesIO(content))["Registrations"].values)
    assert [(row[3], row[-1]) for row in (rows[1], rows[500], rows[501], rows[1001])] == [
        ("Person 0000", "w0"),
        ("Person 0499", "w499"),
        ("Person 0500", "w500"),
        ("Person 1000", "w1000"),
    ]

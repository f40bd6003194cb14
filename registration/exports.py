"""The organisers' exports of registrations: CSV and XLSX from one table, every answer to
the organisers' questions a column, every cell through one formula-safe helper.

Both are made by the task worker, in a background job (registration/runners.py); the job
page offers the file for download.
"""

import csv
import io
import unicodedata

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from registration.models import Answer, Question, Registration
from registration.questions import answer_text, chosen_options

COLUMNS = [
    ("id", "ID"),
    ("conference", "Conference"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("patronymic", "Patronymic"),
    ("email", "Email"),
    ("institution", "Institution"),
    ("position", "Position"),
    ("country", "Country"),
    ("attendance_mode", "Mode"),
    ("status", "Status"),
    ("eligibility_route", "Eligibility"),
    ("member_institution", "Member institution"),
    ("accessibility_needs", "Accessibility needs"),
    ("dietary_needs", "Dietary needs"),
    ("visa_letter_wanted", "Visa letter"),
    ("list_publicly", "Public list"),
    ("email_confirmed_at", "Email confirmed"),
    ("created_at", "Registered"),
    ("decided_by", "Decided by"),
    ("decided_at", "Decided at"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500  # registrations read at a time
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Removed from every cell: control characters but the line break, format characters
# (zero-width spaces, soft hyphens, joiners, bidi marks, the BOM), surrogates, and the two
# noncharacters XML forbids. Neither a spreadsheet nor a reader needs them, and openpyxl
# refuses most control characters.
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
KEPT = frozenset("\n")
XML_NONCHARACTERS = frozenset("\ufffe\uffff")


def _clean(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        character
        for character in text
        if character in KEPT
        or (
            unicodedata.category(character) not in DROPPED_CATEGORIES
            and character not in XML_NONCHARACTERS
        )
    )


def spreadsheet_text(value):
    """The text of one cell of any export (CSV or workbook, registrations or visas), as a
    spreadsheet shows it and never as a formula.

    Clean first, then judge: control and format characters are removed, the text is put in
    NFC and its leading whitespace dropped; only then, if it starts like a formula (=, +,
    -, @, or a fullwidth or other compatibility form of one, NFKC), it is kept as text with a
    leading apostrophe. A check before the cleaning would judge another string than the
    one written (a control character hid "=WEBSERVICE(...)" from it)."""
    text = unicodedata.normalize("NFC", _clean(str(value))).lstrip()
    if unicodedata.normalize("NFKC", text[:1])[:1] in FORMULA_STARTS:
        return f"'{text}"
    return text


def field_value(registration, field):
    value = getattr(registration, field)
    if field == "country":
        return value.name if value else ""
    if field in ("attendance_mode", "status", "eligibility_route"):
        return getattr(registration, f"get_{field}_display")()
    if field == "visa_letter_wanted" or field == "list_publicly":
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is None:
        return ""
    return spreadsheet_text(value)


def table(queryset):
    """(headers, rows) of the registrations in `queryset`: the fixed columns, then one per
    question of their conferences (archived ones too: their answers stay). Two queries,
    then three per 500 rows, whatever the number of questions."""
    questions = list(
        Question.objects.filter(conference__in=queryset.order_by().values("conference_id"))
        .select_related("conference")
        .order_by("conference__starts_at", "conference_id", "order", "id")
    )
    several_conferences = len({question.conference_id for question in questions}) > 1
    headers = [header for _field, header in COLUMNS] + [
        spreadsheet_text(
            f"{question.conference.slug}: {question.text}" if several_conferences else question.text
        )
        for question in questions
    ]
    ordered = queryset.order_by("family_name", "given_name", "id")
    ids = list(ordered.values_list("pk", flat=True))

    def rows():
        # In chunks, so no query carries more ids than a database accepts (SQLite and
        # PostgreSQL cap the parameters of one statement).
        for start in range(0, len(ids), CHUNK):
            chunk = (
                Registration.objects.filter(pk__in=ids[start : start + CHUNK])
                .select_related("conference", "member_institution", "decided_by")
                .prefetch_related(
                    Prefetch(
                        "answers",
                        queryset=Answer.objects.prefetch_related(chosen_options()),
                    )
                )
                .order_by("family_name", "given_name", "id")
            )
            for registration in chunk:
                answers = {answer.question_id: answer for answer in registration.answers.all()}
                yield [field_value(registration, field) for field, _header in COLUMNS] + [
                    spreadsheet_text(answer_text(answers[question.pk]))
                    if question.pk in answers
                    else ""
                    for question in questions
                ]

    return headers, rows()


def _filename(extension):
    return f"registrations-{timezone.now().strftime('%Y%m%d-%H%M')}.{extension}"


def csv_response(queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    # The byte order mark tells Excel the file is UTF-8, so Cyrillic and Chinese names
    # arrive intact.
    response.write("\ufeff")
    writer = csv.writer(response)
    headers, rows = table(queryset)
    writer.writerow(headers)
    writer.writerows(rows)
    return response


def xlsx_bytes(queryset):
    """The same table as an Excel workbook (openpyxl, written row by row): every cell text,
    so a name like "=SUM()" or a date stays as typed. Returns (bytes, number of rows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    headers, rows = table(queryset)
    sheet.append(headers)
    count = 0
    for row in rows:
        # Every text already went through spreadsheet_text: no control character is left.
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count

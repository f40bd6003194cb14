"""Visa requests as CSV and XLSX for the host university's international office. Every
text cell goes through registration.exports.spreadsheet_text, so a name typed as a formula
stays text in Excel and LibreOffice."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from registration.exports import spreadsheet_text

# (heading, value of a request); the officers' counterparts read English.
COLUMNS = [
    ("Surname", lambda r: r.surname),
    ("Given names", lambda r: r.given_names),
    ("Sex", lambda r: r.sex),
    ("Date of birth", lambda r: r.birth_date),
    ("Place of birth", lambda r: r.birth_place),
    ("Citizenship", lambda r: r.citizenship.name if r.citizenship else ""),
    ("Passport number", lambda r: r.passport_number),
    ("Passport issued", lambda r: r.passport_issued_on),
    ("Passport valid until", lambda r: r.passport_expires_on),
    ("Applies in", lambda r: r.apply_city),
    ("Arrival", lambda r: r.arrival),
    ("Departure", lambda r: r.departure),
    ("Employer", lambda r: r.employer),
    ("Position", lambda r: r.position),
    ("Email", lambda r: r.registration.email),
    ("Conference", lambda r: r.registration.conference.title),
    ("Status", lambda r: r.get_status_display()),
    ("Requested", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
]
HEADINGS = [heading for heading, _value in COLUMNS]


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_text(value)


def rows(queryset):
    ordered = queryset.select_related("registration__conference").order_by(
        "registration__family_name", "registration__given_name", "id"
    )
    for visa_request in ordered:
        yield [_cell(value(visa_request)) for _heading, value in COLUMNS]


def _filename(extension):
    return f"visa-requests-{timezone.now():%Y%m%d-%H%M}.{extension}"


def csv_response(queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    # The byte order mark tells Excel the file is UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(HEADINGS)
    writer.writerows(rows(queryset))
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(queryset):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Visa requests")
    sheet.append(HEADINGS)
    for row in rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(queryset):
    response = HttpResponse(xlsx_bytes(queryset), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response

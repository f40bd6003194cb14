import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from contributions import pdf
from contributions.models import Attachment
from tests.contributions.factories import ContributionFactory, pdf_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.mark.parametrize("active", ["javascript", "launch", "embedded", "xfa"])
def test_active_content_is_refused(active):
    with pytest.raises(pdf.PdfRefused) as refused:
        pdf.clean_pdf(pdf_bytes(active=active))
    assert "scripts, actions or attached files" in refused.value.message


def test_an_escaped_name_is_found_too():
    # /J#61vaScript is /JavaScript to a reader: a search of the raw bytes would miss it.
    data = pdf_bytes(active="javascript").replace(b"/JavaScript", b"/J#61vaScript")
    assert b"/JavaScript" not in data
    with pytest.raises(pdf.PdfRefused):
        pdf.clean_pdf(data)


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 an executable",
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7 but nothing after it",
        b"",
    ],
)
def test_what_is_not_a_readable_pdf_is_refused(data):
    with pytest.raises(pdf.PdfRefused):
        pdf.clean_pdf(data)


def test_a_clean_pdf_is_kept_without_its_metadata():
    data = pdf_bytes(
        metadata={"/Author": "Ivan Petrov", "/Creator": "Petrov's Word", "/Title": "Draft"},
        pages=3,
    )
    assert b"Ivan Petrov" in data
    cleaned = pdf.clean_pdf(data)
    assert cleaned.pages == 3
    assert b"Ivan Petrov" not in cleaned.content
    assert b"Petrov" not in cleaned.content
    reader = PdfReader(io.BytesIO(cleaned.content))
    assert len(reader.pages) == 3
    assert not reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]


def test_over_twenty_megabytes_is_refused_before_reading(settings):
    assert settings.CONTRIBUTION_PDF_MAX_BYTES == 20 * MB
    big = pdf_bytes() + b"\n%" + b"0" * (20 * MB)
    with pytest.raises(pdf.PdfRefused) as refused:
        pdf.clean_pdf(big)
    assert refused.value.message == "The file is larger than 20 MB."


def _upload(client, contribution, data, name="paper.pdf", content_type="application/pdf"):
    return client.post(
        f"/contribution/{contribution.page_token}/attachment/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def test_upload_keeps_the_clean_file_under_a_name_of_its_own(client, call):
    contribution = ContributionFactory(call=call)
    data = pdf_bytes(metadata={"/Author": "Ivan Petrov"})
    response = _upload(client, contribution, data, name="Petrov_paper.pdf")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "Petrov" not in attachment.file.name
    assert attachment.original_name == "Petrov_paper.pdf"
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert b"Ivan Petrov" not in content
    assert content.startswith(b"%PDF-")
    page = client.get(f"/contribution/{contribution.page_token}/").content.decode()
    assert "Petrov_paper.pdf: 1 page" in page
    # A second upload replaces the first.
    assert _upload(client, contribution, pdf_bytes(pages=2)).status_code == 302
    assert Attachment.objects.get().pages == 2


def test_upload_refuses_a_script_and_a_wrong_type_with_a_message(client, call):
    contribution = ContributionFactory(call=call)
    response = _upload(client, contribution, pdf_bytes(active="javascript"))
    assert response.status_code == 400
    assert "scripts, actions or attached files" in response.content.decode()
    # A name and type that lie: the first bytes decide.
    response = _upload(client, contribution, b"MZ\x90\x00", content_type="application/pdf")
    assert response.status_code == 400
    assert "This is not a PDF file." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_the_request_limit_lets_twenty_megabytes_reach_the_upload_page_only(client, call):
    contribution = ContributionFactory(call=call)
    big = pdf_bytes() + b"\n%" + b"0" * (20 * MB - 10_000)
    response = _upload(client, contribution, big)
    # Read and answered by the page (re-written, the file is small), not refused with 413.
    assert response.status_code == 302
    assert Attachment.objects.get().size < MB
    over = pdf_bytes() + b"\n%" + b"0" * (20 * MB + 10)
    response = _upload(client, contribution, over)
    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    # Elsewhere the site's request limit stands: the same body to the call page is a 413.
    response = client.post(
        "/events/bridge/call/",
        {"file": SimpleUploadedFile("x.pdf", over, content_type="application/pdf")},
    )
    assert response.status_code == 413
    # And the upload page refuses a body far over its own limit before reading it.
    response = _upload(client, contribution, b"0" * (21 * MB))
    assert response.status_code == 413

"""The registration letter: a PDF a confirmed attendee downloads from the manage page at
once, in their language, with a verification code that is neither the manage link nor the
ticket."""

import re

import pytest

from attending.tickets import ticket_for
from documents.models import CODE_ALPHABET, CODE_LENGTH, VerificationCode
from documents.services import code_for
from registration import services
from tests.documents.conftest import pdf_fonts, pdf_page_sizes, pdf_text
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def letter_of(client, registration, prefix=""):
    return client.get(f"{prefix}/registration/manage/{registration.manage_token}/letter.pdf")


def test_english_letter_says_who_what_when_where_and_how(client, jane):
    response = letter_of(client, jane)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bridge-continents-registration-letter.pdf"'
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    code = VerificationCode.objects.get(registration=jane, kind="letter")
    text = pdf_text(response.content)
    for expected in (
        "Confirmation of registration",
        "Jane Doe",
        "Delft University of Technology",
        "Science and Technology Bridge Continents",
        "Lenin Avenue 30, Tomsk Polytechnic University, Tomsk, Russia",
        "In person in Tomsk",
        "The organising committee",
        "bridge@tpu.ru",
        f"Verification code: {code.display_code}",
        f"https://conference.example.org/verify/{code.code}/",
    ):
        assert expected in text
    starts = jane.conference.starts_at.astimezone(jane.conference.zone)
    assert f"{starts.day} {starts:%B %Y}" in text
    assert pdf_page_sizes(response.content) == [(210, 297)]


def test_letter_speaks_the_attendees_language_with_real_cyrillic_glyphs(client, ivan):
    # Fetched from the English manage page: the letter follows the person's language.
    content = letter_of(client, ivan).content
    text = pdf_text(content)
    code = VerificationCode.objects.get(registration=ivan)
    assert "Иван Петров" in text
    assert "Томский политехнический университет" in text
    assert "Очно, Томск" in text
    assert f"https://conference.example.org/ru/verify/{code.code}/" in text
    assert "NotoSans" in {name.replace("-", "") for name in pdf_fonts(content)}


def test_chinese_name_is_printed_family_name_first_in_a_noto_cjk_font(client, xiaoming):
    content = letter_of(client, xiaoming).content
    text = pdf_text(content)
    assert "王小明" in text
    assert "哈尔滨工业大学" in text
    assert "/zh-hans/verify/" in text
    assert any(name.startswith("Noto-Sans-CJK") for name in pdf_fonts(content))


def test_online_participants_get_a_letter_saying_so(client, conference):
    online = RegistrationFactory(conference=conference, given_name="Li", family_name="Wei")
    text = pdf_text(letter_of(client, online).content)
    assert "Li Wei" in text
    assert "The participant takes part online." in text


def test_the_manage_page_offers_the_letter(client, jane):
    html = client.get(f"/registration/manage/{jane.manage_token}/").content.decode()
    assert f'href="/registration/manage/{jane.manage_token}/letter.pdf"' in html
    assert "Download the registration letter (PDF)" in html


@pytest.mark.parametrize("status", ["pending_email", "waiting_list", "awaiting_approval"])
def test_no_letter_before_the_place_is_confirmed(client, conference, status):
    waiting = RegistrationFactory(conference=conference, status=status)
    html = client.get(f"/registration/manage/{waiting.manage_token}/").content.decode()
    assert "letter.pdf" not in html
    response = letter_of(client, waiting)
    assert response.status_code == 302
    assert response["Location"] == f"/registration/manage/{waiting.manage_token}/"
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "The letter confirming your registration is ready once your place is confirmed."
    ]
    assert VerificationCode.objects.count() == 0


def test_bad_cancelled_and_ticket_tokens_get_the_invalid_link_page(client, jane):
    ticket = ticket_for(jane)
    for token in (
        "nonsense",
        "0" * 96,
        jane.manage_token[:-1] + ("1" if jane.manage_token[-1] == "0" else "0"),
        ticket.code,
    ):
        response = client.get(f"/registration/manage/{token}/letter.pdf")
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    services.cancel(registration=jane)
    assert letter_of(client, jane).status_code == 404


def test_one_code_per_document_random_and_not_the_manage_token_or_ticket(jane, ivan):
    first = code_for(registration=jane, kind="letter")
    assert code_for(registration=jane, kind="letter") == first
    certificate = code_for(registration=jane, kind="certificate")
    other = code_for(registration=ivan, kind="letter")
    assert len({first.code, certificate.code, other.code}) == 3
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", first.code)
    assert first.code.lower() not in jane.manage_token
    assert first.code != ticket_for(jane).code


def test_downloading_twice_keeps_the_code(client, jane):
    letter_of(client, jane)
    letter_of(client, jane)
    assert VerificationCode.objects.filter(registration=jane).count() == 1
